import { useSubscription } from '@urql/vue';
import { onScopeDispose, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRouter } from 'vue-router';
import { useSession } from '#shared/session/session';
import { notificationAbout, notificationLink, notificationMessage } from '#mobile/notifications/composables/notificationText';
import { onUnreadRaised, useUnread, type UnreadThread } from '#shared/unread/useUnread';
import { ring, useAlertSettings, type AlertApp } from './alertSettings';
import { AlertCaseSubscription, AlertNotificationSubscription } from './graphql';
import './locales';

export interface Alert {
  id: string;
  title: string;
  text: string;
  /** Where tapping it goes. */
  to: string;
}

const SHOW_MS = 5_000;

/** Where a chat message opens, per app; null when the viewer is already there. */
function threadPath(app: AlertApp, threadId: string): string {
  return app === 'mobile' ? `/m/chat/${threadId}` : `/d/support/${threadId}`;
}

/**
 * What a desk banner says of a change in the case queue; null: nothing to say. Agents: a new case,
 * and news or the due time passing on cases assigned to them. Stores (the server sends them their
 * own cases only): a new case, news on one (a buyer's reply, more evidence, a dispute) and its decision.
 */
export function caseAlertKey(kind: string, assigneeId: string | null, me: string | null, role: string | null = 'AGENT'): string | null {
  if (kind === 'NEW') return 'alerts.caseNew';
  if (role === 'MERCHANT') return kind === 'UPDATED' ? 'alerts.caseUpdated' : kind === 'RESOLVED' ? 'alerts.caseResolved' : null;
  if (!me || assigneeId !== me) return null;
  return kind === 'UPDATED' ? 'alerts.caseUpdated' : kind === 'OVERDUE' ? 'alerts.caseOverdue' : null;
}

/** A store's notification on the desk (a parcel weighed light at pickup): the dispatch board. */
function deskNotification(n: { kind: string; waybillNo?: string | null; detail?: string | null }): { key: string; params: Record<string, string>; to: string } | null {
  if (n.kind !== 'PICKUP_WEIGHT_SHORT') return null;
  const [weighed = '', expected = ''] = (n.detail ?? '').split('/');
  return { key: 'alerts.pickupShort', params: { waybill: n.waybillNo ?? '', weighed, expected }, to: '/d/dispatch' };
}

/**
 * The in-app banner's source (issue 18): a chat message whose thread is not the open page (from
 * the unread counts rising live); on the phone each new notification about a case or a store's
 * reply; on the desk, for agents, a new case and news on the cases assigned to them. One banner at a time, the newest; it hides by itself after a few seconds or
 * when dismissed, and rings as this device's settings say.
 */
export function useAlerts(app: AlertApp) {
  const { t } = useI18n();
  const router = useRouter();
  const { settings } = useAlertSettings(app);
  const current = shallowRef<Alert | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  function show(alert: Alert): void {
    // Already there: the page shows it itself.
    if (router.currentRoute.value.path === alert.to) return;
    current.value = alert;
    ring(settings.value);
    clearTimeout(timer);
    timer = setTimeout(dismiss, SHOW_MS);
  }

  function dismiss(): void {
    clearTimeout(timer);
    current.value = null;
  }

  function open(): void {
    const alert = current.value;
    dismiss();
    if (alert) void router.push(alert.to);
  }

  const { user } = useSession();
  // Stores do not chat (their counts would be FORBIDDEN): cases and notifications only.
  const chats = user.value?.role !== 'MERCHANT';
  if (chats) useUnread();
  const offRaised = onUnreadRaised((thread: UnreadThread) => {
    const title = thread.lastAuthorName ?? (thread.waybillNo ? `${t('alerts.parcelEvent')} · ${thread.waybillNo}` : t('alerts.support'));
    const text = thread.lastBody?.trim() || (thread.lastAuthorName ? t('alerts.photo') : '');
    show({ id: `${thread.threadId}:${thread.lastSeq}`, title, text, to: threadPath(app, thread.threadId) });
  });

  // A message written offline that the server refused when the network came back (outboxSender.ts;
  // the thread says why and lets its writer delete it).
  const onRefused = (event: Event) => {
    const entry = (event as CustomEvent<{ threadId: string; clientMessageId: string; body: string }>).detail;
    show({ id: `outbox:${entry.clientMessageId}`, title: t('alerts.notSent'), text: entry.body, to: threadPath(app, entry.threadId) });
  };
  window.addEventListener('parceldesk:chat-refused', onRefused);

  // Phones: a case's change and a store's reply (chat messages come from the counts; parcel news
  // has its own live pages and the 消息 badge). The desk: a store's notifications (a light parcel).
  useSubscription({ query: AlertNotificationSubscription, pause: app !== 'mobile' && chats }, (_previous, data) => {
    const n = data.notificationAdded;
    if (app === 'desktop') {
      const desk = deskNotification(n);
      if (desk) show({ id: n.id, title: t('alerts.store'), text: t(desk.key, desk.params), to: desk.to });
      return data;
    }
    const to = notificationLink(n);
    if (to && (n.kind.startsWith('COMPLAINT_') || n.kind === 'REVIEW_REPLIED')) {
      const { key, params } = notificationMessage(n);
      const about = notificationAbout(n);
      show({ id: n.id, title: about ? t(about.key, about.params) : '', text: t(key, params), to });
    }
    return data;
  });

  // Desk agents: a new case, and news on a case assigned to them (a buyer's reply or dispute, more
  // evidence, the due time passing). Their own changes are made on the case's page, where no banner
  // shows; assignments and decisions are theirs or a colleague's and stay in the queue. Stores:
  // their own cases' news (caseAlertKey).
  const role = user.value?.role ?? null;
  useSubscription({ query: AlertCaseSubscription, pause: app !== 'desktop' || (role !== 'AGENT' && role !== 'MERCHANT') }, (_previous, data) => {
    const { kind, complaint } = data.complaintQueueChanged;
    const key = caseAlertKey(kind, complaint.assignee?.id ?? null, user.value?.id ?? null, role);
    if (key) show({ id: `case:${complaint.id}:${kind}:${Date.now()}`, title: t('alerts.case', { no: complaint.caseNo }), text: t(key), to: `/d/complaints/${complaint.id}` });
    return data;
  });

  onScopeDispose(() => {
    offRaised();
    window.removeEventListener('parceldesk:chat-refused', onRefused);
    clearTimeout(timer);
  });
  return { current, dismiss, open };
}
