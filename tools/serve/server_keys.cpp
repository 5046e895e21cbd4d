// This file offers the endpoint's key folder: load, create, rotate, retire,
// and a ring that follows the folder while the server runs.
#include "server_keys.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "crypto.h"

namespace sos::serve {

namespace {

constexpr const char* kCurrentFile = "current";

Error folder_error(const std::string& what, const std::string& path) {
  return Error{"keys.folder", "", what + " " + path + ": " + std::strerror(errno)};
}

bool well_formed_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  return true;
}

std::string public_point(EVP_PKEY* key) {
  unsigned char buffer[80];
  std::size_t length = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, buffer, sizeof buffer, &length) != 1) return "";
  return std::string(reinterpret_cast<const char*>(buffer), length);
}

Result<ServerKey> load_key(const std::string& folder, const std::string& id) {
  std::string path = folder + "/" + id + ".pem";
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return Error{"keys.bad_file", "", "cannot read " + path + ": " + std::strerror(errno)};
  EVP_PKEY* key = PEM_read_PrivateKey(file, nullptr, nullptr, nullptr);
  struct stat st {};
  fstat(fileno(file), &st);
  std::fclose(file);
  if (!key) return Error{"keys.bad_file", "", path + " is not a PEM private key"};
  std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
  char group[32] = {0};
  std::size_t group_length = 0;
  std::string point = public_point(key);
  if (EVP_PKEY_get_group_name(key, group, sizeof group, &group_length) != 1 || std::string(group) != "prime256v1" ||
      point.size() != 65)
    return Error{"keys.bad_file", "", path + " is not a P-256 key"};
  return ServerKey{id, static_cast<std::int64_t>(st.st_mtime), point, owned};
}

Status write_file(const std::string& path, std::string_view text, bool exclusive) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0600);
  if (fd < 0) return folder_error("cannot create", path);
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return folder_error("cannot write", path);
  return {};
}

Status make_folder(const std::string& folder) {
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST) return folder_error("cannot create", folder);
  return {};
}

std::string read_current(const std::string& folder) {
  std::FILE* file = std::fopen((folder + "/" + kCurrentFile).c_str(), "rb");
  if (!file) return "";
  char buffer[80] = {0};
  std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, file);
  std::fclose(file);
  std::string id(buffer, n);
  while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
  return id;
}

// Ids sort by creation: "k" + UTC date and time + a random tail, so two
// rotations in one second still differ.
std::string new_key_id() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
  return std::string("k") + stamp + "-" + base64url(random_bytes(3));
}

}  // namespace

const ServerKey* KeyRing::find(std::string_view id) const {
  for (const ServerKey& k : keys_)
    if (k.id == id) return &k;
  return nullptr;
}

Result<KeyRing> KeyRing::open(const std::string& folder, bool create) {
  if (create) {
    if (Status st = make_folder(folder); !st.ok()) return st.error();
    if (read_current(folder).empty()) {
      auto made = rotate_keys(folder);
      if (!made.ok()) return made.error();
    }
  }
  DIR* dir = ::opendir(folder.c_str());
  if (!dir) return folder_error("cannot read the keys folder", folder);
  std::vector<std::string> ids;
  while (dirent* entry = ::readdir(dir)) {
    std::string name = entry->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".pem") == 0 &&
        well_formed_id(name.substr(0, name.size() - 4)))
      ids.push_back(name.substr(0, name.size() - 4));
  }
  ::closedir(dir);
  std::sort(ids.begin(), ids.end());
  KeyRing ring;
  for (const std::string& id : ids) {
    auto key = load_key(folder, id);
    if (!key.ok()) return key.error();
    ring.keys_.push_back(std::move(key.value()));
  }
  std::string current = read_current(folder);
  for (std::size_t i = 0; i < ring.keys_.size(); ++i)
    if (ring.keys_[i].id == current) {
      ring.current_ = i;
      return ring;
    }
  return Error{"keys.none", "", "the keys folder " + folder + " has no current key; run `sos keys rotate`"};
}

Result<ServerKey> rotate_keys(const std::string& folder) {
  if (Status st = make_folder(folder); !st.ok()) return st.error();
  EVP_PKEY* key = EVP_EC_gen("P-256");
  if (!key) return Error{"keys.generate", "", "OpenSSL could not make a P-256 key"};
  std::shared_ptr<EVP_PKEY> owned(key, EVP_PKEY_free);
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(length));
  BIO_free(bio);
  std::string id = new_key_id();
  if (Status st = write_file(folder + "/" + id + ".pem", pem, true); !st.ok()) return st.error();
  // The new key becomes current in one rename: a reader sees the old name or
  // the new one, never half a file.
  std::string temp = folder + "/" + kCurrentFile + ".tmp";
  if (Status st = write_file(temp, id + "\n", false); !st.ok()) return st.error();
  if (::rename(temp.c_str(), (folder + "/" + kCurrentFile).c_str()) != 0) return folder_error("cannot replace", temp);
  return ServerKey{id, static_cast<std::int64_t>(std::time(nullptr)), public_point(key), owned};
}

Status retire_key(const std::string& folder, std::string_view id) {
  if (!well_formed_id(id)) return Error{"keys.unknown", "", "no key " + std::string(id) + " in " + folder};
  if (read_current(folder) == id)
    return Error{"keys.current", "", std::string(id) + " is the current key; rotate first, then retire it later"};
  std::string path = folder + "/" + std::string(id) + ".pem";
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Error{"keys.unknown", "", "no key " + std::string(id) + " in " + folder};
    return folder_error("cannot remove", path);
  }
  return {};
}

std::string default_keys_location(const std::string& store) {
  std::string folder = store;
  if (folder.rfind("sqlite:", 0) == 0) folder = folder.substr(7);
  if (folder.find("://") != std::string::npos) return "";
  return folder + "/keys";
}

namespace {

// Adding, renaming or removing a file changes the folder's modification time.
std::int64_t folder_stamp(const std::string& folder) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

LiveKeyRing::LiveKeyRing(std::string folder, KeyRing ring)
    : folder_(std::move(folder)),
      ring_(std::make_shared<const KeyRing>(std::move(ring))),
      checked_(std::chrono::steady_clock::now()),
      stamp_(folder_stamp(folder_)) {}

std::shared_ptr<const KeyRing> LiveKeyRing::get() {
  std::lock_guard lock(mutex_);
  auto now = std::chrono::steady_clock::now();
  if (now - checked_ < std::chrono::seconds(1)) return ring_;
  checked_ = now;
  std::int64_t stamp = folder_stamp(folder_);
  if (stamp == stamp_) return ring_;
  // A half-done rotation or a bad file keeps the ring as it was.
  auto fresh = KeyRing::open(folder_, false);
  if (fresh.ok()) {
    ring_ = std::make_shared<const KeyRing>(std::move(fresh.value()));
    stamp_ = stamp;
  }
  return ring_;
}

}  // namespace sos::serve
