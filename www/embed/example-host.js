// The example intranet page's own script (docs/embedding.md): it reacts to
// the survey's three events, which the embed script relays as `sos:loaded`,
// `sos:started` and `sos:completed` DOM events after checking their origin.
// The events say nothing about the answers.
const texts = {
  'sos:loaded': 'Enkäten är redo.',
  'sos:started': 'Tack för att du svarar!',
  'sos:completed': 'Tack för att du deltog.',
};
for (const [type, text] of Object.entries(texts)) {
  document.addEventListener(type, () => {
    const status = document.getElementById('survey-status');
    if (status) status.textContent = text;
  });
}
