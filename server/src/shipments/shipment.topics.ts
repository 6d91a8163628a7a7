/** shipments/'s realtime topics (realtime/pubsub.ts carries any topic name; NOTIFY carries only ids). */
export const ShipmentTopic = {
  /** key: the shipment id. */
  SHIPMENT_UPDATED: 'SHIPMENT_UPDATED',
  /** Any parcel of a store changed: key = merchant id, id = shipment id (the dispatch board). */
  STORE_SHIPMENT_UPDATED: 'STORE_SHIPMENT_UPDATED',
} as const;
