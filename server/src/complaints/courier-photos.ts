import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { courierPhotoMoment, DeliveryReceipt, ErrorCode, EvidenceKind, Role, ShipmentStatus } from '@parceldesk/shared';
import DataLoader from 'dataloader';
import type { AuthedContext } from '../common/context.js';
import { DomainError, notFound } from '../common/errors.js';
import { isUuid } from '../common/ids.js';
import { selectRows } from '../common/sql.js';
import { findVisibleShipment } from '../shipments/shipment.access.js';
import { TrackingEvent } from '../shipments/tracking-event.entity.js';
import type { ComplaintContext } from './complaint.deps.js';
import type { CourierPhoto } from './courier-photo.types.js';
import { Evidence } from './evidence.entity.js';

/*
 * Courier evidence (issue 20, docs/trust.md): the courier holding a parcel attaches a photo they
 * uploaded through the photo pipeline (POST /uploads/courier: re-encoded, hashed, counted in the
 * daily quota) to it: the scale at pickup (SCALE), the parcel at the door or in a locker at
 * delivery (DOOR, LOCKER with its pickup code). One photo per moment and parcel. Whoever may see
 * the parcel sees its photos (the parcel page, the case of its order, GET /evidence/:id).
 */

const PHOTO_COLUMNS = `e.id, e.shipment_id, s.waybill_no, e.kind, e.locker_code, e.attached_at`;

type Raw = Record<string, any>;
const toPhoto = (row: Raw): CourierPhoto => ({
  id: row.id,
  shipmentId: row.shipmentId,
  waybillNo: row.waybillNo,
  kind: row.kind,
  lockerCode: row.lockerCode,
  attachedAt: row.attachedAt,
  url: `/evidence/${row.id}`,
  thumbnailUrl: `/evidence/${row.id}/thumb`,
});

/** The courier photos of some parcels, or of some orders' parcels, oldest first: one statement. */
export async function readCourierPhotos(em: EntityManager, by: 'shipment' | 'order', ids: readonly string[]): Promise<CourierPhoto[]> {
  const rows = await selectRows<Raw>(
    em,
    `select ${PHOTO_COLUMNS}, s.order_id from evidence e join shipments s on s.id = e.shipment_id
      where ${by === 'shipment' ? 'e.shipment_id' : 's.order_id'} = any(?::uuid[]) and e.shipment_id is not null
      order by e.attached_at, e.id`,
    [[...new Set(ids)]],
  );
  return rows.map((row) => Object.assign(toPhoto(row), { orderId: row.orderId as string }));
}

interface CourierPhotoLoaders {
  byShipment: DataLoader<string, CourierPhoto[]>;
  byOrder: DataLoader<string, CourierPhoto[]>;
}
const loaders = new WeakMap<object, CourierPhotoLoaders>();

/**
 * Batched per tick, never cached: a subscription keeps its context for its whole life, and each
 * of its events must read the photos as they are now (a parcel has at most its buyer, store and
 * courier following it).
 */
export function courierPhotoLoaders(ctx: AuthedContext): CourierPhotoLoaders {
  let found = loaders.get(ctx);
  if (!found) {
    const grouped = (by: 'shipment' | 'order') => async (ids: readonly string[]) => {
      const photos = (await readCourierPhotos(ctx.db, by, ids)) as (CourierPhoto & { orderId: string })[];
      return ids.map((id) => photos.filter((p) => (by === 'shipment' ? p.shipmentId : p.orderId) === id));
    };
    found = { byShipment: new DataLoader(grouped('shipment'), { cache: false }), byOrder: new DataLoader(grouped('order'), { cache: false }) };
    loaders.set(ctx, found);
  }
  return found;
}

export class CourierPhotoService {
  constructor(private readonly ctx: ComplaintContext) {}

  /**
   * The courier holding the parcel attaches their uploaded photo. Another courier's parcel, a
   * missing one, or a photo that is not theirs: NOT_FOUND. Too early (a scale photo before the
   * pickup scan, a delivery photo before delivery): INVALID_TRANSITION. A second photo of the
   * same moment, or a photo already used: CONFLICT.
   */
  async attach(input: { shipmentId: string; evidenceId: string; kind: EvidenceKind; lockerCode?: string | null }): Promise<CourierPhoto> {
    const { em, user } = this.ctx;
    if (user.role !== Role.COURIER) throw new DomainError(ErrorCode.FORBIDDEN, 'Only the courier of a parcel attaches its photos');
    const moment = courierPhotoMoment(input.kind);
    if (!moment) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'kind: a courier photo is SCALE, DOOR or LOCKER', { field: 'kind' });
    const shipment = await findVisibleShipment(em, user, input.shipmentId);
    const photo = isUuid(input.evidenceId) ? await em.findOne(Evidence, input.evidenceId) : null;
    if (!photo || photo.uploader.id !== user.id) throw notFound('Photo');
    if (photo.complaint || photo.shipment || photo.attachedAt) throw new DomainError(ErrorCode.CONFLICT, 'This photo is already attached');

    const events = await em.find(TrackingEvent, { shipment: shipment.id }, { orderBy: { occurredAt: 'desc' } });
    const pickedUp = events.some((e) => e.status === ShipmentStatus.PICKED_UP);
    const delivered = shipment.status === ShipmentStatus.DELIVERED ? events.find((e) => e.status === ShipmentStatus.DELIVERED) : undefined;
    if (moment === 'PICKUP' && !pickedUp) throw new DomainError(ErrorCode.INVALID_TRANSITION, 'A scale photo is attached once the parcel is picked up', { from: shipment.status });
    if (moment === 'DELIVERY' && !delivered) throw new DomainError(ErrorCode.INVALID_TRANSITION, 'A door or locker photo is attached once the parcel is delivered', { from: shipment.status });
    const lockerCode = input.lockerCode?.trim() || (delivered?.receivedBy === DeliveryReceipt.LOCKER ? delivered.pickupCode : null);
    if (input.kind === EvidenceKind.LOCKER && !lockerCode) throw new DomainError(ErrorCode.BAD_USER_INPUT, 'lockerCode: a locker photo needs the pickup code', { field: 'lockerCode' });

    photo.attachToParcel(shipment, input.kind, lockerCode ?? null);
    try {
      // The unique index on (parcel, moment) settles two attaches racing.
      await em.flush();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw new DomainError(ErrorCode.CONFLICT, `Parcel ${shipment.waybillNo} already has its ${moment === 'PICKUP' ? 'scale' : 'delivery'} photo`);
      throw error;
    }
    const [attached] = await readCourierPhotos(this.ctx.db, 'shipment', [shipment.id]).then((all) => all.filter((p) => p.id === photo.id));
    return attached!;
  }
}
