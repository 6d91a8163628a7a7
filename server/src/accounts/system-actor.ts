/**
 * The named system actor (自动核验) that records automatic decisions like an agent would: a user
 * row made by the trust migration (Migration20261207210559_trust_auto_decisions) with no valid
 * password hash, so no one can sign in as it. Not demo data: a fresh database still counts as empty.
 */
export const SYSTEM_ACTOR_ID = '00000000-0000-4000-8000-0000000a0700';
