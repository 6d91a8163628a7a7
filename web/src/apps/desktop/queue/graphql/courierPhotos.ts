import { graphql } from '#shared/graphql/graphql';

// The courier's photos of the case's parcels (issue 20): read once when the case opens, apart from
// the live workbench fields (a live event does not read them again for every agent watching).
export const CaseCourierPhotosQuery = graphql(`
  query CaseCourierPhotos($id: ID!) {
    complaint(id: $id) {
      id
      courierPhotos {
        id
        kind
        lockerCode
        waybillNo
        attachedAt
        url
        thumbnailUrl
      }
    }
  }
`);
