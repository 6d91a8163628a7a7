import { graphql } from '#shared/graphql/graphql';

// Only the scan dialog's photo field (loaded when the dialog opens) needs it.
export const AttachCourierPhotoMutation = graphql(`
  mutation AttachCourierPhoto($input: AttachCourierPhotoInput!) {
    attachCourierPhoto(input: $input) {
      id
      kind
      lockerCode
    }
  }
`);
