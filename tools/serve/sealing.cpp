// This file offers seal() and open_sealed(): the sealed-submission envelope
// with OpenSSL 3 (ECDH P-256, HKDF-SHA256, AES-256-GCM).
#include "sealing.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "crypto.h"

namespace sos::serve {

namespace {

constexpr std::size_t kPointBytes = 65;
constexpr std::size_t kIvBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kKeyBytes = 32;

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// A public key from its uncompressed point; OpenSSL refuses a point that is
// not on the curve, which keeps invalid-curve attacks out.
PkeyPtr public_key(std::string_view point) {
  PkeyPtr none(nullptr, EVP_PKEY_free);
  if (point.size() != kPointBytes || point[0] != 0x04) return none;
  OSSL_PARAM_BLD* build = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(build, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(build, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(build);
  OSSL_PARAM_BLD_free(build);
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* key = nullptr;
  bool ok = params && ctx && EVP_PKEY_fromdata_init(ctx.get()) == 1 &&
            EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
  OSSL_PARAM_free(params);
  if (!ok) return none;
  PkeyPtr out(key, EVP_PKEY_free);
  // fromdata may defer the curve check; ask for it explicitly. The quick
  // check (on the curve, not the point at infinity) is the whole check for
  // P-256, whose cofactor is 1; the full one adds a scalar multiplication by
  // the group order, which costs as much as the key agreement itself.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr), EVP_PKEY_CTX_free);
  if (!check || EVP_PKEY_public_check_quick(check.get()) != 1) return none;
  return out;
}

// The AES key both sides derive: HKDF-SHA256 over the ECDH secret (the x
// coordinate), salted with the ephemeral point, for one purpose.
bool derive_key(EVP_PKEY* own, EVP_PKEY* peer, std::string_view ephemeral_point, std::string_view purpose,
                unsigned char out[kKeyBytes]) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new(own, nullptr), EVP_PKEY_CTX_free);
  unsigned char secret[32];
  std::size_t secret_length = sizeof secret;
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer) != 1 ||
      EVP_PKEY_derive(ctx.get(), secret, &secret_length) != 1 || secret_length != sizeof secret)
    return false;
  std::string info = std::string(kSealedFormat) + ":" + std::string(purpose);
  PkeyCtxPtr hkdf(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr), EVP_PKEY_CTX_free);
  std::size_t out_length = kKeyBytes;
  bool ok =
      hkdf && EVP_PKEY_derive_init(hkdf.get()) == 1 && EVP_PKEY_CTX_set_hkdf_md(hkdf.get(), EVP_sha256()) == 1 &&
      EVP_PKEY_CTX_set1_hkdf_salt(hkdf.get(), bytes(ephemeral_point), static_cast<int>(ephemeral_point.size())) == 1 &&
      EVP_PKEY_CTX_set1_hkdf_key(hkdf.get(), secret, sizeof secret) == 1 &&
      EVP_PKEY_CTX_add1_hkdf_info(hkdf.get(), bytes(info), static_cast<int>(info.size())) == 1 &&
      EVP_PKEY_derive(hkdf.get(), out, &out_length) == 1 && out_length == kKeyBytes;
  OPENSSL_cleanse(secret, sizeof secret);
  return ok;
}

Error bad(const std::string& pointer, const std::string& message) {
  return Error{"seal.bad_envelope", pointer, message};
}

}  // namespace

bool from_base64url(std::string_view text, std::string& out) {
  if (text.size() % 4 == 1) return false;
  out.clear();
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-')
      v = 62;
    else if (c == '_')
      v = 63;
    else
      return false;
    buffer = buffer << 6 | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero: one text per byte string.
  return (buffer & ((1u << bits) - 1)) == 0;
}

Result<std::string> seal(std::string_view key_id, std::string_view point, std::string_view purpose,
                         std::string_view plaintext) {
  PkeyPtr server = public_key(point);
  if (!server) return Error{"seal.bad_key", "", "the public key is not a P-256 point"};
  PkeyPtr ephemeral(EVP_EC_gen("P-256"), EVP_PKEY_free);
  unsigned char raw[kPointBytes];
  std::size_t raw_length = 0;
  if (!ephemeral ||
      EVP_PKEY_get_octet_string_param(ephemeral.get(), OSSL_PKEY_PARAM_PUB_KEY, raw, sizeof raw, &raw_length) != 1)
    return Error{"seal.bad_key", "", "OpenSSL could not make an ephemeral key"};
  std::string epk(reinterpret_cast<const char*>(raw), raw_length);
  unsigned char key[kKeyBytes];
  if (!derive_key(ephemeral.get(), server.get(), epk, purpose, key))
    return Error{"seal.bad_key", "", "key agreement failed"};
  std::string iv = random_bytes(kIvBytes);
  std::string data(plaintext.size() + kTagBytes, '\0');
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0, m = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key, bytes(iv)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &n, bytes(key_id), static_cast<int>(key_id.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(data.data()), &n, bytes(plaintext),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(data.data()) + n, &m) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, data.data() + plaintext.size()) == 1;
  OPENSSL_cleanse(key, sizeof key);
  if (!ok) return Error{"seal.bad_key", "", "encryption failed"};
  nlohmann::json envelope{{"format", kSealedFormat},
                          {"key", std::string(key_id)},
                          {"epk", base64url(epk)},
                          {"iv", base64url(iv)},
                          {"data", base64url(data)}};
  return envelope.dump();
}

Result<std::string> open_sealed(const KeyRing& ring, std::string_view purpose, std::string_view body) {
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return bad("", "the body must be a sealed envelope (a JSON object)");
  // The format first: a plaintext body is told plainly that it must be sealed.
  if (!doc.contains("format") || doc["format"] != kSealedFormat)
    return bad("/format", "must be \"" + std::string(kSealedFormat) + "\" (only sealed bodies are accepted)");
  for (auto it = doc.begin(); it != doc.end(); ++it)
    if (it.key() != "format" && it.key() != "key" && it.key() != "epk" && it.key() != "iv" && it.key() != "data")
      return bad("/" + it.key(), "unknown field \"" + it.key() + "\"");
  for (const char* field : {"key", "epk", "iv", "data"})
    if (!doc.contains(field) || !doc[field].is_string())
      return bad(std::string("/") + field, "missing or not a string");
  std::string epk, iv, data;
  if (!from_base64url(doc["epk"].get<std::string>(), epk) || epk.size() != kPointBytes)
    return bad("/epk", "must be a 65-byte uncompressed P-256 point in base64url");
  if (!from_base64url(doc["iv"].get<std::string>(), iv) || iv.size() != kIvBytes)
    return bad("/iv", "must be 12 bytes in base64url");
  if (!from_base64url(doc["data"].get<std::string>(), data) || data.size() < kTagBytes)
    return bad("/data", "must be the ciphertext and its 16-byte tag in base64url");
  const std::string key_id = doc["key"];
  const ServerKey* key = ring.find(key_id);
  if (!key)
    return Error{"seal.unknown_key", "/key",
                 "sealed to key \"" + key_id + "\", which this endpoint does not hold (retired or never issued)"};
  PkeyPtr peer = public_key(epk);
  if (!peer) return bad("/epk", "not a point on P-256");
  unsigned char aes[kKeyBytes];
  if (!derive_key(key->private_key.get(), peer.get(), epk, purpose, aes))
    return Error{"seal.failed", "/epk", "key agreement failed"};
  std::size_t length = data.size() - kTagBytes;
  std::string plain(length, '\0');
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0, m = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, aes, bytes(iv)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(key_id), static_cast<int>(key_id.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()), &n, bytes(data),
                              static_cast<int>(length)) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, data.data() + length) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(plain.data()) + n, &m) == 1;
  OPENSSL_cleanse(aes, sizeof aes);
  if (!ok)
    return Error{"seal.failed", "/data",
                 "the envelope does not open: it was changed on the way or sealed for something else"};
  return plain;
}

}  // namespace sos::serve
