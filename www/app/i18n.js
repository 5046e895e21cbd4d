// The app's own interface texts (buttons, headings, the statement of what is
// sent) in Swedish, English and Norwegian bokmål. Everything that comes from
// the survey — questions, options, scale labels, validation messages — comes
// from the engine instead.

/** @typedef {'sv' | 'en' | 'nb'} Language */

export const languageNames = /** @type {const} */ ({ sv: 'Svenska', en: 'English', nb: 'Norsk' });

const texts = {
  en: {
    appTitle: 'Sales organisation survey',
    loading: 'Loading the survey…',
    language: 'Language',
    chooseRole: 'Before you start',
    roleQuestion: 'Which describes your role best?',
    start: 'Start',
    next: 'Next',
    previous: 'Previous',
    toReview: 'Review answers',
    submit: 'Submit answers',
    required: '(required)',
    progress: 'Progress',
    progressText: '{answered} of {required} required questions answered',
    pageOf: 'Page {n} of {count}',
    fixErrors: 'Some answers need your attention before you continue.',
    reviewTitle: 'Review your answers',
    reviewIntro: 'Check your answers before you submit. Go back with “Previous” to change one.',
    reviewMissing: 'These still need an answer:',
    noAnswers: 'No answers on this page.',
    resumeTitle: 'Welcome back',
    resumeText: 'Your answers so far are saved on this device. Continue where you left off.',
    continue: 'Continue',
    notYou: 'Not you? Start over',
    startOverDone: 'The saved answers were removed from this device.',
    sending: 'Sending your answers…',
    sendFailed: 'Your answers could not be sent. They are kept on this device; try again when you are online.',
    retry: 'Try again',
    thanksTitle: 'Thank you!',
    thanksText: 'Your answers have been sent.',
    profileTitle: 'Your own preliminary profile',
    profileIntro:
      'Computed on this device from your answers only, on a scale of 1 to 5. Only you see it, and it is removed from this device when you leave this page.',
    profileNoScore: 'No answers to score',
    profileNotApplicable: 'Does not apply to your group',
    leave: 'Close and remove',
    left: 'Your profile has been removed from this device. You can close this page.',
    nextRespondent: 'Next respondent',
    privacyTitle: 'What is sent, and who sees it',
    privacy1: 'Nothing leaves this device until you submit. Until then your answers are saved only here, so you can continue later.',
    privacy2: 'Your answers are sent without your name or contact details, as figures that are added up with others’.',
    privacy3threshold: 'Results are only ever shown for groups of at least {k} respondents.',
    privacy3: 'Results are only ever shown for groups that reach the survey’s minimum size.',
    privacy4:
      'What you write in open comment fields is sent separately from your other answers and is read word for word by the people who see the report. Do not write anything that identifies you or others.',
    errorTitle: 'The survey cannot be shown',
    badLink: 'This link is incomplete. Open the survey with the full link you received.',
    inviteNotFound: 'This link is not valid, or the survey has closed.',
    networkError: 'The survey could not be loaded. Check your connection and try again.',
    surveyError: 'The survey could not be loaded: {detail}',
    storageNote: 'This browser does not let the app save answers on the device; they will be lost if you close the page.',
    // Kiosk mode and embedding (docs/kiosk.md, docs/embedding.md).
    kioskDoneNote: 'This screen clears itself after a minute, or when you press “Next respondent”.',
    privacy1NotKept: 'Nothing leaves this device until you submit. Your answers are not saved on this device along the way, so finish in one go.',
    embedStorageNote:
      'Inside this page, your browser does not let the survey keep answers on this device. It works while you are online, but answers cannot be kept offline here: submit before you close the page.',
    // The outbox and offline use (docs/offline.md).
    outboxSaving: 'Saving your answers…',
    outboxSent: 'Your answers have been sent.',
    outboxWaiting:
      'Your answers are saved on this device, encrypted, and waiting to be sent. They are sent by themselves when this device is online and this link is open.',
    outboxMayBeCleared:
      'This browser may still clear saved data, for example Safari after about a week without a visit. Open this link again while online within a few days.',
    outboxMemoryOnly: 'Your answers are waiting to be sent. Keep this page open until they are sent.',
    outboxRefusedClosed: 'Your answers arrived after the survey had closed and could not be counted.',
    outboxRefused: 'Your answers were not accepted: {message}',
    outboxCommentRefusedClosed: 'Your comment arrived after the survey had closed and could not be passed on.',
    outboxCommentRefused: 'Your comment was not accepted: {message}',
    outboxAcknowledge: 'OK, understood',
    offlineUnavailable:
      'This browser does not allow offline use here: the survey opens only while you are online. Keep this page open until you have submitted.',
  },
  sv: {
    appTitle: 'Enkät om säljorganisationen',
    loading: 'Enkäten laddas…',
    language: 'Språk',
    chooseRole: 'Innan du börjar',
    roleQuestion: 'Vad beskriver din roll bäst?',
    start: 'Börja',
    next: 'Nästa',
    previous: 'Föregående',
    toReview: 'Granska svaren',
    submit: 'Skicka svaren',
    required: '(obligatorisk)',
    progress: 'Förlopp',
    progressText: '{answered} av {required} obligatoriska frågor besvarade',
    pageOf: 'Sida {n} av {count}',
    fixErrors: 'Några svar behöver ses över innan du går vidare.',
    reviewTitle: 'Granska dina svar',
    reviewIntro: 'Kontrollera svaren innan du skickar. Gå tillbaka med ”Föregående” för att ändra ett svar.',
    reviewMissing: 'Dessa behöver fortfarande ett svar:',
    noAnswers: 'Inga svar på den här sidan.',
    resumeTitle: 'Välkommen tillbaka',
    resumeText: 'Dina svar hittills är sparade på den här enheten. Fortsätt där du slutade.',
    continue: 'Fortsätt',
    notYou: 'Inte du? Börja om',
    startOverDone: 'De sparade svaren har tagits bort från enheten.',
    sending: 'Dina svar skickas…',
    sendFailed: 'Svaren kunde inte skickas. De finns kvar på enheten; försök igen när du är uppkopplad.',
    retry: 'Försök igen',
    thanksTitle: 'Tack!',
    thanksText: 'Dina svar har skickats.',
    profileTitle: 'Din egen preliminära profil',
    profileIntro:
      'Beräknad på den här enheten, bara utifrån dina svar, på en skala från 1 till 5. Bara du ser den, och den tas bort från enheten när du lämnar sidan.',
    profileNoScore: 'Inga svar att räkna på',
    profileNotApplicable: 'Gäller inte din grupp',
    leave: 'Stäng och ta bort',
    left: 'Din profil har tagits bort från enheten. Du kan stänga sidan.',
    nextRespondent: 'Nästa deltagare',
    privacyTitle: 'Vad som skickas och vem som ser det',
    privacy1: 'Inget lämnar enheten förrän du skickar. Fram till dess sparas svaren bara här, så att du kan fortsätta senare.',
    privacy2: 'Svaren skickas utan namn eller kontaktuppgifter, som siffror som läggs ihop med andras.',
    privacy3threshold: 'Resultat visas bara för grupper med minst {k} svarande.',
    privacy3: 'Resultat visas bara för grupper som når enkätens minsta storlek.',
    privacy4:
      'Det du skriver i fritextfält skickas separat från dina övriga svar och läses ordagrant av dem som ser rapporten. Skriv inget som pekar ut dig eller andra.',
    errorTitle: 'Enkäten kan inte visas',
    badLink: 'Länken är ofullständig. Öppna enkäten med hela länken du fick.',
    inviteNotFound: 'Länken är inte giltig, eller så har enkäten stängt.',
    networkError: 'Enkäten kunde inte laddas. Kontrollera uppkopplingen och försök igen.',
    surveyError: 'Enkäten kunde inte laddas: {detail}',
    storageNote: 'Webbläsaren låter inte appen spara svar på enheten; de försvinner om du stänger sidan.',
    // Kiosk mode and embedding (docs/kiosk.md, docs/embedding.md).
    kioskDoneNote: 'Skärmen rensas efter en minut, eller när du trycker på ”Nästa deltagare”.',
    privacy1NotKept: 'Inget lämnar enheten förrän du skickar. Svaren sparas inte på enheten under tiden, så svara klart i ett svep.',
    embedStorageNote:
      'Inuti den här sidan låter webbläsaren inte enkäten spara svar på enheten. Den fungerar när du är uppkopplad, men svaren kan inte sparas offline här: skicka innan du stänger sidan.',
    // The outbox and offline use (docs/offline.md).
    outboxSaving: 'Dina svar sparas…',
    outboxSent: 'Dina svar har skickats.',
    outboxWaiting:
      'Dina svar är sparade på enheten, krypterade, och väntar på att skickas. De skickas av sig själva när enheten är uppkopplad och länken är öppen.',
    outboxMayBeCleared:
      'Webbläsaren kan ändå rensa sparade data, till exempel Safari efter ungefär en vecka utan besök. Öppna länken igen när du är uppkopplad inom några dagar.',
    outboxMemoryOnly: 'Dina svar väntar på att skickas. Låt sidan vara öppen tills de har skickats.',
    outboxRefusedClosed: 'Dina svar kom fram efter att enkäten hade stängt och kunde inte räknas.',
    outboxRefused: 'Dina svar togs inte emot: {message}',
    outboxCommentRefusedClosed: 'Din kommentar kom fram efter att enkäten hade stängt och kunde inte lämnas vidare.',
    outboxCommentRefused: 'Din kommentar togs inte emot: {message}',
    outboxAcknowledge: 'OK, jag förstår',
    offlineUnavailable:
      'Den här webbläsaren tillåter inte användning utan nätverk här: enkäten öppnas bara när du är uppkopplad. Låt sidan vara öppen tills du har skickat in.',
  },
  nb: {
    appTitle: 'Undersøkelse om salgsorganisasjonen',
    loading: 'Undersøkelsen lastes…',
    language: 'Språk',
    chooseRole: 'Før du begynner',
    roleQuestion: 'Hva beskriver rollen din best?',
    start: 'Begynn',
    next: 'Neste',
    previous: 'Forrige',
    toReview: 'Se over svarene',
    submit: 'Send svarene',
    required: '(obligatorisk)',
    progress: 'Fremdrift',
    progressText: '{answered} av {required} obligatoriske spørsmål besvart',
    pageOf: 'Side {n} av {count}',
    fixErrors: 'Noen svar må ses på før du går videre.',
    reviewTitle: 'Se over svarene dine',
    reviewIntro: 'Kontroller svarene før du sender. Gå tilbake med «Forrige» for å endre et svar.',
    reviewMissing: 'Disse mangler fortsatt svar:',
    noAnswers: 'Ingen svar på denne siden.',
    resumeTitle: 'Velkommen tilbake',
    resumeText: 'Svarene dine så langt er lagret på denne enheten. Fortsett der du slapp.',
    continue: 'Fortsett',
    notYou: 'Ikke deg? Begynn på nytt',
    startOverDone: 'De lagrede svarene er fjernet fra enheten.',
    sending: 'Svarene sendes…',
    sendFailed: 'Svarene kunne ikke sendes. De er beholdt på enheten; prøv igjen når du er på nett.',
    retry: 'Prøv igjen',
    thanksTitle: 'Takk!',
    thanksText: 'Svarene dine er sendt.',
    profileTitle: 'Din egen foreløpige profil',
    profileIntro:
      'Beregnet på denne enheten, bare ut fra dine svar, på en skala fra 1 til 5. Bare du ser den, og den fjernes fra enheten når du forlater siden.',
    profileNoScore: 'Ingen svar å beregne',
    profileNotApplicable: 'Gjelder ikke gruppen din',
    leave: 'Lukk og fjern',
    left: 'Profilen din er fjernet fra enheten. Du kan lukke siden.',
    nextRespondent: 'Neste deltaker',
    privacyTitle: 'Hva som sendes, og hvem som ser det',
    privacy1: 'Ingenting forlater enheten før du sender. Frem til da lagres svarene bare her, så du kan fortsette senere.',
    privacy2: 'Svarene sendes uten navn eller kontaktopplysninger, som tall som legges sammen med andres.',
    privacy3threshold: 'Resultater vises bare for grupper med minst {k} som har svart.',
    privacy3: 'Resultater vises bare for grupper som når undersøkelsens minste størrelse.',
    privacy4:
      'Det du skriver i fritekstfelt sendes separat fra de andre svarene dine og leses ordrett av dem som ser rapporten. Ikke skriv noe som kan identifisere deg eller andre.',
    errorTitle: 'Undersøkelsen kan ikke vises',
    badLink: 'Lenken er ufullstendig. Åpne undersøkelsen med hele lenken du fikk.',
    inviteNotFound: 'Lenken er ikke gyldig, eller undersøkelsen er stengt.',
    networkError: 'Undersøkelsen kunne ikke lastes. Sjekk tilkoblingen og prøv igjen.',
    surveyError: 'Undersøkelsen kunne ikke lastes: {detail}',
    storageNote: 'Nettleseren lar ikke appen lagre svar på enheten; de går tapt hvis du lukker siden.',
    // Kiosk mode and embedding (docs/kiosk.md, docs/embedding.md).
    kioskDoneNote: 'Skjermen tømmes etter ett minutt, eller når du trykker på «Neste deltaker».',
    privacy1NotKept: 'Ingenting forlater enheten før du sender. Svarene lagres ikke på enheten underveis, så svar ferdig i én omgang.',
    embedStorageNote:
      'Inne på denne siden lar ikke nettleseren undersøkelsen lagre svar på enheten. Den fungerer når du er på nett, men svarene kan ikke lagres frakoblet her: send før du lukker siden.',
    // The outbox and offline use (docs/offline.md).
    outboxSaving: 'Svarene dine lagres…',
    outboxSent: 'Svarene dine er sendt.',
    outboxWaiting:
      'Svarene dine er lagret på enheten, kryptert, og venter på å bli sendt. De sendes av seg selv når enheten er på nett og lenken er åpen.',
    outboxMayBeCleared:
      'Nettleseren kan likevel slette lagrede data, for eksempel Safari etter omtrent en uke uten besøk. Åpne lenken igjen mens du er på nett innen noen dager.',
    outboxMemoryOnly: 'Svarene dine venter på å bli sendt. La siden være åpen til de er sendt.',
    outboxRefusedClosed: 'Svarene dine kom frem etter at undersøkelsen var stengt, og kunne ikke telles.',
    outboxRefused: 'Svarene dine ble ikke tatt imot: {message}',
    outboxCommentRefusedClosed: 'Kommentaren din kom frem etter at undersøkelsen var stengt, og kunne ikke gis videre.',
    outboxCommentRefused: 'Kommentaren din ble ikke tatt imot: {message}',
    outboxAcknowledge: 'OK, jeg forstår',
    offlineUnavailable:
      'Denne nettleseren tillater ikke bruk uten nett her: undersøkelsen åpnes bare når du er på nett. La siden være åpen til du har sendt inn.',
  },
};

/** @typedef {keyof typeof texts.en} TextKey */

export const uiLanguages = /** @type {Language[]} */ (Object.keys(texts));

/**
 * @param {string} language
 * @returns {(key: TextKey, params?: Record<string, string | number>) => string}
 */
export function translator(language) {
  const table = texts[/** @type {Language} */ (language)] ?? texts.en;
  return (key, params = {}) =>
    (table[key] ?? texts.en[key]).replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? `{${name}}`));
}

/**
 * The language to start in: the first of the browser's preferred languages
 * that the invite offers, else the invite's first.
 * @param {string[]} offered
 * @param {readonly string[]} preferred navigator.languages
 */
export function pickLanguage(offered, preferred) {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0];
    const match = primary === 'no' || primary === 'nn' ? 'nb' : primary;
    if (offered.includes(match)) return match;
  }
  return offered[0];
}
