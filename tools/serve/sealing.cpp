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

namespace {

// Each character's six bits, or 64 for a character outside base64url.
struct Base64urlTable {
  unsigned char value[256];
  constexpr Base64urlTable() : value() {
    for (int c = 0; c < 256; ++c) value[c] = 64;
    for (int c = 'A'; c <= 'Z'; ++c) value[c] = static_cast<unsigned char>(c - 'A');
    for (int c = 'a'; c <= 'z'; ++c) value[c] = static_cast<unsigned char>(c - 'a' + 26);
    for (int c = '0'; c <= '9'; ++c) value[c] = static_cast<unsigned char>(c - '0' + 52);
    value[static_cast<unsigned char>('-')] = 62;
    value[static_cast<unsigned char>('_')] = 63;
  }
};
constexpr Base64urlTable kBase64url;

}  // namespace

bool from_base64url(std::string_view text, std::string& out) {
  if (text.size() % 4 == 1) return false;
  // Sized once and written in place: a contribution's data is about 12 KB of
  // text, decoded on every request.
  out.resize(text.size() / 4 * 3 + (text.size() % 4 == 0 ? 0 : text.size() % 4 - 1));
  unsigned char* to = reinterpret_cast<unsigned char*>(out.data());
  const unsigned char* from = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t whole = text.size() / 4 * 4;
  unsigned bad = 0;
  for (std::size_t i = 0; i < whole; i += 4) {
    unsigned a = kBase64url.value[from[i]], b = kBase64url.value[from[i + 1]], c = kBase64url.value[from[i + 2]],
             d = kBase64url.value[from[i + 3]];
    bad |= a | b | c | d;
    unsigned v = a << 18 | b << 12 | c << 6 | d;
    *to++ = static_cast<unsigned char>(v >> 16);
    *to++ = static_cast<unsigned char>(v >> 8);
    *to++ = static_cast<unsigned char>(v);
  }
  if (bad & 64) return false;
  std::size_t left = text.size() - whole;
  if (left == 0) return true;
  unsigned v = 0;
  for (std::size_t i = 0; i < left; ++i) {
    unsigned x = kBase64url.value[from[whole + i]];
    if (x == 64) return false;
    v = v << 6 | x;
  }
  // Leftover bits must be zero: one text per byte string.
  if (left == 2) {
    if (v & 0xF) return false;
    *to = static_cast<unsigned char>(v >> 4);
  } else {
    if (v & 0x3) return false;
    *to++ = static_cast<unsigned char>(v >> 10);
    *to = static_cast<unsigned char>(v >> 2);
  }
  return true;
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

namespace {

// The envelope's five fields, in the order kEnvelopeFields names them.
constexpr std::string_view kEnvelopeFields[] = {"format", "key", "epk", "iv", "data"};
using EnvelopeFields = std::string_view[5];

// The quick read of an envelope as devices write it: one object with exactly
// the five fields, each a string of printable ASCII without escapes, no key
// twice. False at anything else; the JSON reader then decides and names the
// problem, so this one only makes the common case fast (no tree, no copy of
// the 12 KB of ciphertext text).
bool read_plain_envelope(std::string_view text, EnvelopeFields& out) {
  std::size_t at = 0;
  auto skip = [&] {
    while (at < text.size() && (text[at] == ' ' || text[at] == '\n' || text[at] == '\r' || text[at] == '\t')) ++at;
  };
  auto take = [&](char c) {
    skip();
    if (at < text.size() && text[at] == c) return ++at, true;
    return false;
  };
  auto string = [&](std::string_view& value) {
    if (!take('"')) return false;
    std::size_t begin = at;
    for (; at < text.size(); ++at) {
      unsigned char c = static_cast<unsigned char>(text[at]);
      if (c == '"') {
        value = text.substr(begin, at++ - begin);
        return true;
      }
      if (c < 0x20 || c > 0x7e || c == '\\') return false;
    }
    return false;
  };
  if (!take('{')) return false;
  unsigned seen = 0;
  for (int n = 0; n < 5; ++n) {
    if (n > 0 && !take(',')) return false;
    std::string_view key, value;
    if (!string(key) || !take(':') || !string(value)) return false;
    int k = 0;
    while (k < 5 && kEnvelopeFields[k] != key) ++k;
    if (k == 5 || (seen & (1u << k))) return false;
    seen |= 1u << k;
    out[k] = value;
  }
  if (!take('}')) return false;
  skip();
  return at == text.size();
}

}  // namespace

Result<std::string> open_sealed(const KeyRing& ring, std::string_view purpose, std::string_view body) {
  EnvelopeFields fields;
  nlohmann::json doc;  // only for a body the quick read declines
  if (!read_plain_envelope(body, fields)) {
    doc = nlohmann::json::parse(body, nullptr, false);
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
    for (int k = 0; k < 5; ++k) fields[k] = doc[std::string(kEnvelopeFields[k])].get_ref<const std::string&>();
  } else if (fields[0] != kSealedFormat) {
    return bad("/format", "must be \"" + std::string(kSealedFormat) + "\" (only sealed bodies are accepted)");
  }
  std::string epk, iv, data;
  if (!from_base64url(fields[2], epk) || epk.size() != kPointBytes)
    return bad("/epk", "must be a 65-byte uncompressed P-256 point in base64url");
  if (!from_base64url(fields[3], iv) || iv.size() != kIvBytes)
    return bad("/iv", "must be 12 bytes in base64url");
  if (!from_base64url(fields[4], data) || data.size() < kTagBytes)
    return bad("/data", "must be the ciphertext and its 16-byte tag in base64url");
  const std::string key_id(fields[1]);
  const ServerKey* key = ring.find(key_id);
  if (!key)
    return Error{"seal.unknown_key", "/key",
                 "sealed to key \"" + key_id + "\", which this endpoint does not hold (retired or never issued)"};
  PkeyPtr peer = public_key(epk);
  if (!peer) return bad("/epk", "not a point on P-256");
  unsigned char aes[kKeyBytes];
  if (!derive_key(key->private_key.get(), peer.get(), epk, purpose, aes))
    return Error{"seal.failed", "/epk", "key agreement failed"};
  // Decrypted in place (GCM allows it): the plaintext is the data less its tag.
  std::size_t length = data.size() - kTagBytes;
  unsigned char* text = reinterpret_cast<unsigned char*>(data.data());
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0, m = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, aes, bytes(iv)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &n, bytes(key_id), static_cast<int>(key_id.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, text + length) == 1 &&
            EVP_DecryptUpdate(ctx.get(), text, &n, text, static_cast<int>(length)) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), text + n, &m) == 1;
  OPENSSL_cleanse(aes, sizeof aes);
  if (!ok)
    return Error{"seal.failed", "/data",
                 "the envelope does not open: it was changed on the way or sealed for something else"};
  data.resize(length);
  return data;
}

}  // namespace sos::serve
