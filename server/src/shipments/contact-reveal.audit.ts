import { User } from '../accounts/user.entity.js';
import type { AuthedContext } from '../common/context.js';
import { ContactReveal } from './contact-reveal.entity.js';
import type { Shipment } from './shipment.entity.js';

/**
 * Audits that the viewer was shown the courier's full number: one row per viewer and parcel per
 * window (CONTACT_AUDIT_WINDOW_SECONDS), not one per call. A parcel page polled or reloaded all
 * day answers the same number; a row per call only grew the table, and anyone could make it grow.
 * Each reveal is still logged. Two calls racing inside one window may both write a row: rare,
 * harmless for an audit, and cheaper than a lock.
 */
export async function auditContactReveal(ctx: AuthedContext, shipment: Shipment, courier: User): Promise<void> {
  const { em, user, deps } = ctx;
  const since = new Date(Date.now() - deps.config.contactAuditWindowSeconds * 1000);
  const recent = await em.count(ContactReveal, { shipment, viewer: user.id, revealedAt: { $gt: since } });
  if (recent === 0) {
    em.persist(new ContactReveal({ shipment, viewer: em.getReference(User, user.id), courier }));
    await em.flush();
  }
  ctx.logger.info({ shipmentId: shipment.id, courierId: courier.id, viewerId: user.id, audited: recent === 0 }, 'courier phone revealed');
}
