import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../accounts/user.entity.js';
import { Notification, NotificationKind } from './notification.entity.js';
import { TencentSmsSender, tencentSmsFromEnv } from './tencent-sms.sender.js';

// Contract test: the sender, through Tencent's own SDK, against a local fake of the SMS API's HTTP
// side (POST JSON with X-TC-* headers, signed TC3-HMAC-SHA256; answers in {"Response": …}). The
// fake checks the signature the way the service does, with the secret key.
const SECRET_ID = 'AKIDtest';
const SECRET_KEY = 'secret-key-for-the-fake';
let fake: http.Server;
let endpoint: string;
const received: { action: string; body: any; signatureOk: boolean }[] = [];
let nextCode = 'Ok';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
const hmac = (key: Buffer | string, text: string) => createHmac('sha256', key).update(text).digest();

/** TC3-HMAC-SHA256 as documented for API 3.0: canonical request, string to sign, derived key. */
function signatureMatches(req: http.IncomingMessage, payload: string): boolean {
  const auth = String(req.headers.authorization ?? '');
  // The SDK names the service after the endpoint's first label: "sms" for sms.tencentcloudapi.com,
  // "127" for this fake at 127.0.0.1; the scope's service is used as signed.
  const match = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!match || match[1] !== SECRET_ID || req.headers['x-tc-version'] !== '2021-01-11') return false;
  const [, , date, service, signedHeaders, signature] = match;
  // The service signs the host without a port (it is on 443); here the fake's port is stripped.
  const value = (name: string) => (name === 'host' ? String(req.headers.host).replace(/:\d+$/, '') : String(req.headers[name]));
  const canonicalHeaders = signedHeaders!.split(';').map((name) => `${name}:${value(name)}\n`).join('');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256(payload)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', req.headers['x-tc-timestamp'], `${date}/${service}/tc3_request`, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(`TC3${SECRET_KEY}`, date!), service!), 'tc3_request');
  return createHmac('sha256', key).update(stringToSign).digest('hex') === signature;
}

beforeAll(async () => {
  fake = http.createServer((req, res) => {
    let payload = '';
    req.on('data', (chunk) => (payload += chunk));
    req.on('end', () => {
      received.push({ action: String(req.headers['x-tc-action']), body: JSON.parse(payload), signatureOk: signatureMatches(req, payload) });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ Response: { SendStatusSet: [{ SerialNo: '2640:1', PhoneNumber: JSON.parse(payload).PhoneNumberSet[0], Fee: 1, SessionContext: '', Code: nextCode, Message: nextCode === 'Ok' ? 'send success' : 'the number reached its daily limit', IsoCode: 'CN' }], RequestId: 'fake-request' } }));
    });
  });
  await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

const env = () => ({
  SMS_PROVIDER: 'tencent',
  TENCENT_SMS_SECRET_ID: SECRET_ID,
  TENCENT_SMS_SECRET_KEY: SECRET_KEY,
  TENCENT_SMS_APP_ID: '1400000001',
  TENCENT_SMS_SIGN_NAME: '包裹客服',
  TENCENT_SMS_TEMPLATE_MESSAGE: '100001',
  TENCENT_SMS_TEMPLATE_NOTICE: '100002',
  TENCENT_SMS_ENDPOINT: endpoint,
});

describe('Tencent Cloud SMS sender', () => {
  const courier = new User({ role: 'COURIER' as never, phone: '13800000002', displayName: '派件员老李', passwordHash: 'x' });

  it('sends the chat template with the waybill number, signed, and never the message’s words', async () => {
    const sender = new TencentSmsSender(tencentSmsFromEnv(env())!);
    const notification = new Notification({ recipient: courier, kind: NotificationKind.CHAT_MESSAGE, waybillNo: 'YX1000000002', detail: '门禁密码 1234' });
    await sender.send(notification, courier);
    const [call] = received.splice(0);
    expect(call).toMatchObject({ action: 'SendSms', signatureOk: true });
    expect(call!.body).toEqual({ PhoneNumberSet: ['+8613800000002'], SmsSdkAppId: '1400000001', SignName: '包裹客服', TemplateId: '100001', TemplateParamSet: ['YX1000000002'], SessionContext: notification.id });
    expect(JSON.stringify(call!.body)).not.toContain('1234');
  });

  it('throws when the gateway refuses a number, so the outbox retries; refuses an incomplete configuration', async () => {
    nextCode = 'LimitExceeded.PhoneNumberDailyLimit';
    const sender = new TencentSmsSender(tencentSmsFromEnv(env())!);
    const notice = new Notification({ recipient: courier, kind: NotificationKind.SHIPMENT_EXCEPTION, waybillNo: 'YX1000000009' });
    await expect(sender.send(notice, courier)).rejects.toThrow('Tencent SMS refused: LimitExceeded.PhoneNumberDailyLimit');
    expect(received.splice(0)[0]!.body.TemplateId).toBe('100002');
    expect(() => tencentSmsFromEnv({ SMS_PROVIDER: 'tencent', TENCENT_SMS_SECRET_ID: 'x' })).toThrow(/needs TENCENT_SMS_SECRET_KEY/);
    expect(tencentSmsFromEnv({})).toBeNull();
  });
});
