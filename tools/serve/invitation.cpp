// This file offers survey and viewer links, their QR codes as SVG and the
// invitation and reminder texts in three languages.
#include "invitation.h"

#include <qrencode.h>

namespace sos::serve {

namespace {
std::string trimmed(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}
}  // namespace

std::string survey_link(const std::string& base_url, const std::string& token) {
  return trimmed(base_url) + "/#/i/" + token;
}

std::string viewer_link(const std::string& base_url, const std::string& token) {
  return trimmed(base_url) + "/view/#v=" + token;
}

Result<std::string> qr_svg(const std::string& text) {
  QRcode* code = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!code) return Error{"qr.encode", "", "the link does not fit a QR code"};
  const int quiet = 4, size = code->width + 2 * quiet;
  std::string path;
  for (int y = 0; y < code->width; ++y)
    for (int x = 0; x < code->width; ++x)
      if (code->data[y * code->width + x] & 1)
        path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
  QRcode_free(code);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + std::to_string(size) + " " +
         std::to_string(size) + "\" width=\"" + std::to_string(size * 8) + "\" height=\"" + std::to_string(size * 8) +
         "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" +
         path + "\"/></svg>\n";
}

InvitationText invitation_text(const std::string& language, const std::string& group, const std::string& link,
                               const std::string& closes, bool kiosk) {
  if (language == "sv") {
    if (kiosk)
      return {"Enkät om säljledning för " + group + " på den här surfplattan. Svara en i taget och tryck på "
              "\"Skicka\" när du är klar; nästa person börjar sedan från början. Länk för enheten: " + link + "\n",
              "Påminnelse: surfplattan för enkäten om säljledning finns kvar till " + closes + ". Länk: " + link + "\n"};
    return {"Hej! Vi vill veta hur säljledningen fungerar i " + group + ". Enkäten tar ungefär 20 minuter. "
            "Dina svar lämnar din enhet utan namn eller kontaktuppgifter, och siffror visas bara för grupper som är "
            "stora nog att skydda den enskilda. Det du skriver i fritextsvar läses ordagrant. Svara senast " + closes +
            ": " + link + "\n",
            "Påminnelse: enkäten om säljledning i " + group + " stänger " + closes + ". Har du redan svarat, tack! "
            "Annars hinner du fortfarande: " + link + "\n"};
  }
  if (language == "nb") {
    if (kiosk)
      return {"Undersøkelse om salgsledelse for " + group + " på dette nettbrettet. Svar én om gangen og trykk på "
              "\"Send\" når du er ferdig; neste person begynner da fra starten. Lenke for enheten: " + link + "\n",
              "Påminnelse: nettbrettet for undersøkelsen om salgsledelse er tilgjengelig til " + closes + ". Lenke: " +
              link + "\n"};
    return {"Hei! Vi vil vite hvordan salgsledelsen fungerer i " + group + ". Undersøkelsen tar omtrent 20 minutter. "
            "Svarene dine forlater enheten uten navn eller kontaktopplysninger, og tall vises bare for grupper som er "
            "store nok til å beskytte den enkelte. Det du skriver i fritekstsvar leses ordrett. Svar innen " + closes +
            ": " + link + "\n",
            "Påminnelse: undersøkelsen om salgsledelse i " + group + " stenger " + closes + ". Har du allerede svart, "
            "takk! Ellers rekker du det fortsatt: " + link + "\n"};
  }
  if (kiosk)
    return {"Sales leadership survey for " + group + " on this tablet. Answer one at a time and tap \"Send\" when "
            "you are done; the next person then starts afresh. Link for the device: " + link + "\n",
            "Reminder: the tablet for the sales leadership survey is available until " + closes + ". Link: " + link +
                "\n"};
  return {"Hello! We want to know how sales leadership works in " + group + ". The survey takes about 20 minutes. "
          "Your answers leave your device without your name or contact details, and figures are shown only for "
          "groups large enough to protect each person. What you write in open comments is read word for word. "
          "Please answer by " + closes + ": " + link + "\n",
          "Reminder: the sales leadership survey for " + group + " closes on " + closes + ". If you have answered "
          "already, thank you! Otherwise there is still time: " + link + "\n"};
}

}  // namespace sos::serve
