// Invite resolution through the endpoint: GET /api/v1/invite/<token>
// (docs/invite-link.md), relative to where the app is served.

/** @param {string} token an already checked token */
export function inviteUrl(token) {
  return `api/v1/invite/${token}`;
}
