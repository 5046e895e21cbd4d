// Invite resolution from static files: the token names a file
// links/<token>.json next to the app (docs/invite-link.md). Used until the
// endpoint serves GET /api/v1/invite/<token> with the same body.

/** @param {string} token an already checked token */
export function inviteUrl(token) {
  return `links/${token}.json`;
}

/** Where the survey lies is known only from the invite file. */
export const surveyUrl = null;
