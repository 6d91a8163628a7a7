import { beforeAll, describe, expect, it } from 'vitest';
import { i18n, loadLocale } from '#shared/i18n';
import { notificationAbout, notificationLink, notificationMessage } from './notificationText';

const say = (input: Parameters<typeof notificationMessage>[0], locale: 'zh-CN' | 'en' = 'zh-CN') => {
  const { key, params } = notificationMessage(input, locale);
  return i18n.global.t(key, params, { locale });
};

beforeAll(() => loadLocale('en'));

describe('notificationMessage', () => {
  it('says what happened to which parcel, in the viewer language', () => {
    expect(say({ kind: 'SHIPMENT_DISPATCHED', waybillNo: 'YX1000000003' })).toBe('您的包裹 YX1000000003 已派单');
    expect(say({ kind: 'SHIPMENT_OUT_FOR_DELIVERY', waybillNo: 'YX1' })).toBe('您的包裹 YX1 正在派送');
    expect(say({ kind: 'SHIPMENT_DELIVERED', waybillNo: 'YX1' })).toBe('您的包裹 YX1 已签收');
    expect(say({ kind: 'SHIPMENT_EXCEPTION', waybillNo: 'YX1', detail: '门牌不清' })).toBe('您的包裹 YX1 派送异常：门牌不清');
    expect(say({ kind: 'SHIPMENT_EXCEPTION', waybillNo: 'YX1', detail: null })).toBe('您的包裹 YX1 派送异常');
    expect(say({ kind: 'SHIPMENT_DELIVERED', waybillNo: 'YX1' }, 'en')).toBe('Your parcel YX1 was delivered');
  });

  it('quotes the start of a chat message written while the reader was offline', () => {
    expect(say({ kind: 'CHAT_MESSAGE', detail: '已到楼下' })).toBe('新消息：已到楼下');
    expect(say({ kind: 'CHAT_MESSAGE', detail: '已到楼下' }, 'en')).toBe('New message: 已到楼下');
  });

  it('words complaint notifications in both languages', () => {
    expect(say({ kind: 'COMPLAINT_EVIDENCE_REQUESTED', detail: '请补充面单' })).toBe('客服请您为少件投诉补充照片');
    expect(say({ kind: 'COMPLAINT_DECIDED', detail: 'REFUND' }, 'en')).toBe('Your complaint has an outcome');
    expect(say({ kind: 'PICKUP_WEIGHT_SHORT', waybillNo: 'YX1000000001', detail: '1150/2200' }, 'zh-CN')).toBe('包裹 YX1000000001 揽收称重 1150 g，应重 2200 g，可能少发');
  });

  it('states the filing with its case number and first-response promise, and each outcome in words', () => {
    expect(say({ kind: 'COMPLAINT_FILED', detail: 'C20261207ABC123:24' })).toBe('已收到您的少件投诉 C20261207ABC123，客服将在 24 小时内首次回复');
    expect(say({ kind: 'COMPLAINT_DECIDED', detail: 'REFUND:5990' })).toBe('投诉处理结果：退款 ¥59.90，将原路退回您的支付账户，预计 1–3 个工作日到账');
    expect(say({ kind: 'COMPLAINT_DECIDED', detail: 'REFUND:5990' }, 'en')).toBe('Complaint outcome: refund of CN¥59.90, back to the account you paid with, arriving in 1–3 working days');
    expect(say({ kind: 'COMPLAINT_DECIDED', detail: 'RESHIP:RS12345678ABCD' })).toBe('投诉处理结果：补发缺少的商品，新运单号 RS12345678ABCD');
    expect(say({ kind: 'COMPLAINT_DECIDED', detail: 'REJECT:照片看不出少件' })).toBe('投诉处理结果：驳回。理由：照片看不出少件');
    expect(say({ kind: 'COMPLAINT_REPLIED', detail: '已核实，马上处理' })).toBe('客服回复了您的少件投诉：已核实，马上处理');
    // Issue 20: an agent took an automatic refund back.
    expect(say({ kind: 'COMPLAINT_AUTO_REVERSED', detail: '外箱照片与面单不符' })).toBe('客服已撤销自动退款，将人工复核您的少件投诉。原因：外箱照片与面单不符');
    expect(say({ kind: 'COMPLAINT_AUTO_REVERSED', detail: 'label does not match' }, 'en')).toBe('Support took back the automatic refund and will review your complaint by hand. Reason: label does not match');
  });
});

describe('store replies and links (issue 18)', () => {
  it('quotes the store’s reply to a review', () => {
    expect(say({ kind: 'REVIEW_REPLIED', detail: '感谢支持' })).toBe('商家回复了您的评价：感谢支持');
    expect(say({ kind: 'REVIEW_REPLIED', detail: 'Thanks' }, 'en')).toBe('The store replied to your review: Thanks');
  });
});

describe('notificationLink', () => {
  it('opens the chat, the complaint, the reviewed order or the parcel', () => {
    expect(notificationLink({ kind: 'CHAT_MESSAGE', threadId: 't1', shipmentId: 's1' })).toBe('/m/chat/t1');
    expect(notificationLink({ kind: 'COMPLAINT_DECIDED', complaintId: 'c1' })).toBe('/m/complaints/c1');
    expect(notificationLink({ kind: 'REVIEW_REPLIED', orderId: 'o1' })).toBe('/m/orders/o1/review');
    expect(notificationLink({ kind: 'SHIPMENT_DELIVERED', shipmentId: 's1' })).toBe('/m/shipments/s1');
    expect(notificationLink({ kind: 'CHAT_MESSAGE' })).toBeNull();
  });
});

describe('notificationAbout', () => {
  const about = (input: Parameters<typeof notificationAbout>[0], locale: 'zh-CN' | 'en' = 'zh-CN') => {
    const words = notificationAbout(input);
    return words && i18n.global.t(words.key, words.params, { locale });
  };

  it('names the store and the goods, with how many more there are', () => {
    const base = { kind: 'SHIPMENT_DELIVERED' as const, waybillNo: 'YX1', storeName: '优选水果店' };
    expect(about({ ...base, itemTitle: '丹东草莓 红颜 1 斤', itemCount: 1 })).toBe('优选水果店 · 丹东草莓 红颜 1 斤');
    expect(about({ ...base, itemTitle: '赣南脐橙 5 斤装', itemCount: 2 })).toBe('优选水果店 · 赣南脐橙 5 斤装 等 2 种商品');
    expect(about({ ...base, itemTitle: 'Oranges', itemCount: 3 }, 'en')).toBe('优选水果店 · Oranges and 2 more');
    expect(about({ kind: 'SHIPMENT_DELIVERED', itemTitle: '苹果', itemCount: 1, storeName: null })).toBe('苹果');
  });

  it('says nothing when the server knows no goods (a plain chat message)', () => {
    expect(about({ kind: 'CHAT_MESSAGE', detail: '你好', storeName: null, itemTitle: null, itemCount: null })).toBeNull();
  });
});
