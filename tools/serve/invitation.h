// What `sos invite` hands to the organisation per group: the link as a QR
// code (SVG) and short invitation and reminder texts in Swedish, English and
// Norwegian (bokmål).
#pragma once

#include <string>

#include "sos/result.h"

namespace sos::serve {

// The survey link of a token: BASE/#/i/TOKEN (docs/invite-link.md): the token
// stays in the fragment, which browsers never send to a server.
std::string survey_link(const std::string& base_url, const std::string& token);
// The viewer link of a token: BASE/view/#v=TOKEN (the token stays in the
// fragment, which browsers never send).
std::string viewer_link(const std::string& base_url, const std::string& token);

// An SVG image of `text` as a QR code (error correction M). Errors: "qr.encode".
Result<std::string> qr_svg(const std::string& text);

struct InvitationText {
  std::string invitation;
  std::string reminder;
};
// `language` is "sv", "en" or "nb"; `closes` a date like 2026-03-31.
InvitationText invitation_text(const std::string& language, const std::string& group_name,
                               const std::string& link, const std::string& closes, bool kiosk);

}  // namespace sos::serve
