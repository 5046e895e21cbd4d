// Invite resolution through the endpoint: GET /api/v1/invite/<token>
// (docs/invite-link.md), relative to where the app is served. The endpoint
// names the survey of every invite at <invite>/survey, so the app can ask for
// it without waiting for the lookup.

/** @param {string} token an already checked token */
export function inviteUrl(token) {
  return `api/v1/invite/${token}`;
}

/** @param {string} token an already checked token */
export function surveyUrl(token) {
  return `api/v1/invite/${token}/survey`;
}
