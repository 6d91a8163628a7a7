import { graphql } from './graphql';

/*
 * Selections that several screens share, declared once. A module that spreads one imports this
 * module (fragments are registered when declared; see graphql.ts).
 */

/** What a list page needs to load the next page (shared/graphql/connection.ts). */
export const PageInfoFields = graphql(`
  fragment PageInfoFields on PageInfo {
    hasNextPage
    endCursor
  }
`);
