import type pg from 'pg';
import type { BenchViewer } from './dataset.js';
import { datasetId } from './operations.js';

/**
 * The writes the bench measures (issue 22, item 3), each as the web app sends it (its document from
 * web/src), on fresh rows: every request changes its own order, parcel or case, made for it by
 * set-based SQL before the trial (`seed`), so a trial can be repeated and no answer grows as the
 * bench goes on (a parcel re-dispatched a thousand times would carry a thousand timeline steps).
 * A write with several kinds (the courier's scans) has one step per kind; each step of a unit has
 * its own fresh row in the state it needs.
 */

/** The rows a step needs, in the state it needs them. */
export type SeedKind = 'dispatched' | 'picked-up' | 'in-transit' | 'out-for-delivery' | 'delivered' | 'delivered+photos' | 'case';

/** One fresh row set: k is its number, the ids are md5-derived from it (datasetId). */
export interface SeedItem {
  k: number;
  orderId: string;
  lineId: string;
  parcelId: string;
  complaintId: string;
  photoIds: string[];
}

export interface WriteStep {
  document: string;
  seed: SeedKind;
  variables(item: SeedItem): Record<string, unknown>;
}

export interface WriteOperation {
  name: string;
  viewer: BenchViewer;
  /** One request of each step makes a unit; writes/s counts requests. */
  steps: WriteStep[];
}

const COURIER_1 = datasetId('courier', 1);
const COURIER_2 = datasetId('courier', 2);
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
const scan = (seed: SeedKind, status: string, extra: Record<string, unknown> = {}): WriteStep => ({
  document: 'RecordTrackingEvent',
  seed,
  variables: (item) => ({ input: { shipmentId: item.parcelId, status, location: null, note: null, expectedVersion: 1, ...extra } }),
});

export const WRITE_OPERATIONS: WriteOperation[] = [
  // 改派: courier 1 holds the parcel, the merchant hands it to courier 2 (buyer, new and previous
  // courier hear of it: the busiest desk write).
  {
    name: 'dispatch (re-dispatch)',
    viewer: 'merchant',
    steps: [
      {
        document: 'DispatchShipment',
        seed: 'dispatched',
        variables: (item) => ({
          input: { shipmentId: item.parcelId, courierId: COURIER_2, channel: 'APP', pickupAt: inAnHour(), pickupAddress: '测试仓库 2 号门', note: '易碎, 轻放', expectedVersion: 1 },
        }),
      },
    ],
  },
  // A courier's day with one parcel: pickup with its weight, in transit, out for delivery, delivered.
  {
    name: 'courier scan',
    viewer: 'courier',
    steps: [
      scan('dispatched', 'PICKED_UP', { measuredWeightGrams: 600 }),
      scan('picked-up', 'IN_TRANSIT', { location: '上海分拣中心' }),
      scan('in-transit', 'OUT_FOR_DELIVERY'),
      scan('out-for-delivery', 'DELIVERED', { receivedBy: 'RECIPIENT' }),
    ],
  },
  {
    name: 'complaint filing',
    viewer: 'buyer',
    steps: [
      {
        document: 'FileComplaint',
        seed: 'delivered+photos',
        variables: (item) => ({
          input: {
            orderId: item.orderId,
            channel: 'PLATFORM',
            missingItems: [{ orderLineId: item.lineId, quantityMissing: 1 }],
            description: '收到的包裹少了一件商品',
            evidenceIds: item.photoIds,
            idempotencyKey: `bench-filing-${item.k}`,
          },
        }),
      },
    ],
  },
  // The agent's notes on a case in review: a public reply (the buyer is notified), then an internal note.
  {
    name: 'agent note',
    viewer: 'agent',
    steps: [
      { document: 'AddComplaintNote', seed: 'case', variables: (item) => ({ id: item.complaintId, body: '您好，我们已核实出库记录，正在联系商家。', internal: false }) },
      { document: 'AddComplaintNote', seed: 'case', variables: (item) => ({ id: item.complaintId, body: '出库称重正常，待商家确认拣货。', internal: true }) },
    ],
  },
  {
    name: 'agent decision',
    viewer: 'agent',
    steps: [{ document: 'ResolveComplaint', seed: 'case', variables: (item) => ({ id: item.complaintId, input: { kind: 'REFUND', refundCents: 1990, reason: null, expectedVersion: 1 } }) }],
  },
  {
    name: 'review',
    viewer: 'buyer',
    steps: [{ document: 'PostReview', seed: 'delivered', variables: (item) => ({ input: { orderId: item.orderId, rating: 4, body: '包装完好，送货很快。', evidenceIds: [], arrivedShort: false } }) }],
  },
];

const PARCEL_STATE: Record<SeedKind, string> = {
  dispatched: 'DISPATCHED',
  'picked-up': 'PICKED_UP',
  'in-transit': 'IN_TRANSIT',
  'out-for-delivery': 'OUT_FOR_DELIVERY',
  delivered: 'DELIVERED',
  'delivered+photos': 'DELIVERED',
  case: 'DELIVERED',
};

/** A row's uuid from its label and number (the colon keeps 'w-event2' || 1 apart from 'w-event' || 21). */
const uid = (label: string) => `md5('${label}:' || k)::uuid`;
const AGENT = `(select id from users where phone = '13800000004')`;

/**
 * Makes `count` fresh row sets of a kind, numbered from `from`: an order of buyer 1 at store 1 with
 * one line (2 units) in one parcel held by courier 1 (dispatched by the store, its timeline and its
 * courier thread as the server would have left them); photos uploaded by the buyer and not yet
 * used; for 'case', a case in review on it, assigned to the demo agent, with its two photos.
 */
export async function seedItems(db: pg.Client, kind: SeedKind, from: number, count: number): Promise<SeedItem[]> {
  const status = PARCEL_STATE[kind];
  const range = `generate_series(${from}, ${from + count - 1}) k`;
  const statements = [
    `insert into orders (id, order_no, buyer_id, merchant_id, shipping_address, created_at)
       select ${uid('w-order')}, 'WB' || lpad(k::text, 10, '0'), md5('buyer' || 1)::uuid, md5('store' || 1)::uuid,
              '上海市徐汇区写入路 ' || k || ' 号', now() - interval '2 days' from ${range}`,
    `insert into order_lines (id, order_id, position, title, sku, unit_price_cents, quantity, unit_weight_grams)
       select ${uid('w-line')}, ${uid('w-order')}, 0, '商品 W' || k, 'SKUW' || k, 1990, 2, 300 from ${range}`,
    `insert into shipments (id, order_id, waybill_no, carrier, status, courier_id, current_dispatch_id, declared_weight_grams, version, created_at, updated_at, delivered_at)
       select ${uid('w-parcel')}, ${uid('w-order')}, 'WX' || lpad(k::text, 10, '0'), '优选同城配送', '${status}'::shipment_status,
              '${COURIER_1}'::uuid, null, 600, 1, now() - interval '2 days', now() - interval '1 day',
              ${status === 'DELIVERED' ? `now() - interval '1 day'` : 'null'} from ${range}`,
    `insert into shipment_items (id, shipment_id, line_id, quantity) select ${uid('w-item')}, ${uid('w-parcel')}, ${uid('w-line')}, 2 from ${range}`,
    `insert into dispatches (id, shipment_id, courier_id, channel, pickup_at, pickup_address, note, dispatched_by_id, created_at)
       select ${uid('w-dispatch')}, ${uid('w-parcel')}, '${COURIER_1}'::uuid, 'APP'::dispatch_channel, now() + interval '1 hour',
              '测试仓库 1 号门', null, md5('merchant' || 1)::uuid, now() - interval '2 days' from ${range}`,
    `update shipments set current_dispatch_id = md5('w-dispatch:' || substr(waybill_no, 3)::int)::uuid
      where waybill_no between 'WX' || lpad('${from}', 10, '0') and 'WX' || lpad('${from + count - 1}', 10, '0')`,
    `insert into tracking_events (id, shipment_id, status, location, note, measured_weight_grams, occurred_at, recorded_by_id, created_at)
       select ${uid('w-event')}, ${uid('w-parcel')}, 'DISPATCHED'::shipment_status, '测试仓库 1 号门', null, null,
              now() - interval '2 days', md5('merchant' || 1)::uuid, now() - interval '2 days' from ${range}`,
    ...(status === 'DISPATCHED'
      ? []
      : [
          `insert into tracking_events (id, shipment_id, status, location, note, measured_weight_grams, occurred_at, recorded_by_id, created_at)
             select ${uid('w-event2')}, ${uid('w-parcel')}, '${status}'::shipment_status, null, null, null,
                    now() - interval '1 day', '${COURIER_1}'::uuid, now() - interval '1 day' from ${range}`,
        ]),
    `insert into threads (id, kind, shipment_id, order_id, buyer_id, last_seq, last_message_at, waiting_since, last_agent_id, closed_at, created_at)
       select ${uid('w-thread')}, 'COURIER'::thread_kind, ${uid('w-parcel')}, ${uid('w-order')}, md5('buyer' || 1)::uuid, 1,
              now() - interval '2 days', null, null, null, now() - interval '2 days' from ${range}`,
    `insert into messages (id, thread_id, seq, kind, author_id, body, system_event, client_message_id, created_at)
       select ${uid('w-message')}, ${uid('w-thread')}, 1, 'SYSTEM'::message_kind, null, '派件员1', 'DISPATCHED', null, now() - interval '2 days' from ${range}`,
  ];
  if (kind === 'delivered+photos' || kind === 'case') {
    statements.push(
      `insert into evidence (id, uploader_id, complaint_id, kind, mime_type, bytes, width, height, sha256, blob_key, thumb_key, created_at, attached_at)
         select md5('w-photo:' || k || '-' || p)::uuid, md5('buyer' || 1)::uuid, null, (array['WAYBILL_LABEL','CONTENTS'])[p]::evidence_kind,
                'image/jpeg', 120000, 1600, 1200, md5('w-photo' || k || '-' || p) || md5('w-sha' || k || '-' || p),
                'bench/w' || k || '-' || p, 'bench/w' || k || '-' || p || '-thumb', now() - interval '1 hour', null
           from ${range} cross join generate_series(1, 2) p`,
    );
  }
  if (kind === 'case') {
    statements.push(
      `insert into complaints (id, case_no, order_id, buyer_id, status, channel, channels, description, thread_id, assignee_id,
                               first_response_due_at, resolution_due_at, first_responded_at, paused_at, sla_due_at, disputes, version, created_at, updated_at)
         select ${uid('w-case')}, 'CW' || lpad(k::text, 10, '0'), ${uid('w-order')}, md5('buyer' || 1)::uuid, 'IN_REVIEW'::complaint_status,
                'PLATFORM'::complaint_channel, array['PLATFORM'], '少了一件商品 W' || k, null, ${AGENT},
                now() + interval '1 day', now() + interval '3 days', null, null, now() + interval '1 day', 0, 1, now() - interval '1 hour', now() - interval '1 hour'
           from ${range}`,
      `insert into complaint_items (id, complaint_id, line_id, quantity_missing) select ${uid('w-case-item')}, ${uid('w-case')}, ${uid('w-line')}, 1 from ${range}`,
      `update evidence set complaint_id = md5('w-case:' || substr(blob_key, 8, strpos(blob_key, '-') - 8))::uuid, attached_at = now() - interval '1 hour'
        where blob_key like 'bench/w%' and complaint_id is null and attached_at is null
          and substr(blob_key, 8, strpos(blob_key, '-') - 8)::int between ${from} and ${from + count - 1}`,
      `insert into complaint_events (id, complaint_id, actor_id, kind, to_status, detail, internal, created_at)
         select md5('w-case-event:' || k || '-' || e.n)::uuid, ${uid('w-case')}, case when e.n = 1 then md5('buyer' || 1)::uuid else ${AGENT} end,
                e.kind::complaint_event_kind, e.to_status::complaint_status, e.detail, false, now() - interval '1 hour' + make_interval(mins => e.n)
           from ${range} cross join (values (1, 'FILED', 'SUBMITTED', 'PLATFORM'), (2, 'ASSIGNED', 'IN_REVIEW', null)) e(n, kind, to_status, detail)`,
    );
  }
  await db.query('begin');
  try {
    for (const sql of statements) await db.query(sql);
    await db.query('commit');
  } catch (error) {
    await db.query('rollback');
    throw error;
  }
  return Array.from({ length: count }, (_, i) => {
    const k = from + i;
    return {
      k,
      orderId: datasetId('w-order:', k),
      lineId: datasetId('w-line:', k),
      parcelId: datasetId('w-parcel:', k),
      complaintId: datasetId('w-case:', k),
      photoIds: kind === 'delivered+photos' ? [datasetId('w-photo:', `${k}-1`), datasetId('w-photo:', `${k}-2`)] : [],
    };
  });
}
