import { graphql } from '#shared/graphql/graphql';

// Apart from the list's documents: only the scan sender (loaded on the first tap) needs it.
export const RecordTrackingEventMutation = graphql(`
  mutation RecordTrackingEvent($input: RecordTrackingEventInput!) {
    recordTrackingEvent(input: $input) {
      ...DeliveryCardFields
    }
  }
`);
