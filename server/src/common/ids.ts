const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id is just another id that does not exist (and must not reach PostgreSQL as a uuid). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
