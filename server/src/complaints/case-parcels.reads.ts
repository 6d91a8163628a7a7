import type { EntityManager } from '@mikro-orm/postgresql';
import type { ShipmentStatus } from '@parceldesk/shared';
import { selectRows } from '../common/sql.js';
import { shipmentSelect, toShipmentRow, type ShipmentRow } from '../shipments/shipment.reads.js';
import type { ParcelFacts } from './complaint.signals.js';

type Raw = Record<string, any>;

/** The order's parcels, each with what it carries and its last pickup weighing (the signals). */
export async function readOrderParcels(em: EntityManager, orderId: string): Promise<ParcelFacts<ShipmentRow>[]> {
  const rows = await selectRows<Raw>(
    em,
    // With its times: parcelsOnTheWay answers whatever Shipment fields are asked of it.
    `${shipmentSelect(
      { times: true },
      `, (select coalesce(json_agg(json_build_object('lineId', si.line_id, 'quantity', si.quantity)), '[]'::json)
            from shipment_items si where si.shipment_id = s.id) as parcel_items,
         (select e.measured_weight_grams from tracking_events e
           where e.shipment_id = s.id and e.status = 'PICKED_UP' and e.measured_weight_grams is not null
           order by e.occurred_at desc, e.created_at desc limit 1) as parcel_weighed,
         (select json_build_object('expectedGrams', pa.expected_grams, 'weighedGrams', pa.weighed_grams, 'warnedAt', pa.created_at,
                                   'sentAt', pa.acted_at, 'supplementWaybillNo', sup.waybill_no)
            from pickup_alerts pa left join shipments sup on sup.id = pa.supplement_id where pa.shipment_id = s.id) as parcel_warning`,
    )} where s.order_id = ? order by s.created_at, s.waybill_no`,
    [orderId],
  );
  return rows.map(({ parcelItems, parcelWeighed, parcelWarning, ...columns }) => {
    // No embedded relations asked of shipmentSelect: the row is all the parcel's own.
    const parcel = toShipmentRow(columns, {});
    return {
      parcel,
      id: parcel.id,
      status: parcel.status as ShipmentStatus,
      waybillNo: parcel.waybillNo,
      declaredWeightGrams: parcel.declaredWeightGrams,
      items: parcelItems as { lineId: string; quantity: number }[],
      weighed: parcelWeighed as number | null,
      deliveredAt: parcel.deliveredAt,
      warning: parcelWarning
        ? {
            ...parcelWarning,
            warnedAt: new Date(parcelWarning.warnedAt),
            sentAt: parcelWarning.sentAt ? new Date(parcelWarning.sentAt) : null,
          }
        : null,
    };
  });
}
