// Everything the respondent app needs only after its first screen, in one
// chunk that is fetched once that screen is up: drawing survey pages, the
// screens after the last page, sealing, the outbox and what it tells, and the
// service worker's registration. Keeping them out of the first screen's code
// keeps them out of the bytes and the work before the first question.
export { elements, firstControl, updateMessage } from './questions.js';
export { done, left, review, sending } from './end-screens.js';
export { seal } from '../lib/seal.js';
export { createOutbox } from './outbox.js';
export { askPersistence, showStatus } from './outbox-status.js';
export { keepSurvey, registerServiceWorker } from './service-worker.js';
