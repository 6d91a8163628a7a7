import { NotificationKind, type Notification } from './notification.entity.js';
import type { User } from '../accounts/user.entity.js';
import type { NotificationSender } from './senders.js';
import tencentcloud from 'tencentcloud-sdk-nodejs-sms';

export interface TencentSmsConfig {
  secretId: string;
  secretKey: string;
  region: string;
  /** SmsSdkAppId of the SMS application. */
  appId: string;
  /** The approved signature (签名), e.g. 包裹客服. */
  signName: string;
  /** Approved templates: `{1}` is the waybill number. A chat message waiting, and any other notice. */
  templates: { message: string; notice: string };
  /** `sms.tencentcloudapi.com` by default; the contract test points it at a local fake. */
  endpoint: string;
  protocol: 'https://' | 'http://';
}

/**
 * SMS through Tencent Cloud SMS (短信, API 2021-01-11 SendSms) with its Node SDK, behind the outbox's
 * sender interface: selected by SMS_PROVIDER=tencent. The text is a pre-approved template naming
 * the parcel (notifications/senders.ts#smsText says the same in the logged stand-in); the words of
 * a message never go out by SMS. A refusal by the gateway throws, so the outbox retries it.
 */
export class TencentSmsSender implements NotificationSender {
  readonly channel = 'SMS' as const;
  private readonly client: InstanceType<typeof tencentcloud.sms.v20210111.Client>;

  constructor(private readonly config: TencentSmsConfig) {
    this.client = new tencentcloud.sms.v20210111.Client({
      credential: { secretId: config.secretId, secretKey: config.secretKey },
      region: config.region,
      profile: { httpProfile: { endpoint: config.endpoint, protocol: config.protocol, reqTimeout: 10 } },
    });
  }

  async send(notification: Notification, recipient: User): Promise<void> {
    const template = notification.kind === NotificationKind.CHAT_MESSAGE ? this.config.templates.message : this.config.templates.notice;
    const answer = await this.client.SendSms({
      PhoneNumberSet: [`+86${recipient.phone}`],
      SmsSdkAppId: this.config.appId,
      SignName: this.config.signName,
      TemplateId: template,
      TemplateParamSet: [notification.waybillNo ?? '-'],
      SessionContext: notification.id,
    });
    const status = answer.SendStatusSet?.[0];
    if (status?.Code !== 'Ok') throw new Error(`Tencent SMS refused: ${status?.Code ?? 'no status'} ${status?.Message ?? ''}`.trim());
  }
}

/** SMS_PROVIDER=tencent and its TENCENT_SMS_* variables; null for the logged stand-in. */
export function tencentSmsFromEnv(env: NodeJS.ProcessEnv): TencentSmsConfig | null {
  const provider = env.SMS_PROVIDER ?? 'log';
  if (provider === 'log') return null;
  if (provider !== 'tencent') throw new Error(`SMS_PROVIDER must be "log" or "tencent", got "${provider}"`);
  const required = ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_APP_ID', 'TENCENT_SMS_SIGN_NAME', 'TENCENT_SMS_TEMPLATE_MESSAGE', 'TENCENT_SMS_TEMPLATE_NOTICE'];
  const missing = required.filter((name) => !env[name]);
  if (missing.length > 0) throw new Error(`SMS_PROVIDER=tencent needs ${missing.join(', ')}`);
  const endpoint = env.TENCENT_SMS_ENDPOINT ?? 'https://sms.tencentcloudapi.com';
  const match = /^(https?:\/\/)([^/]+)\/?$/.exec(endpoint);
  if (!match) throw new Error(`TENCENT_SMS_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  return {
    secretId: env.TENCENT_SMS_SECRET_ID!,
    secretKey: env.TENCENT_SMS_SECRET_KEY!,
    region: env.TENCENT_SMS_REGION ?? 'ap-guangzhou',
    appId: env.TENCENT_SMS_APP_ID!,
    signName: env.TENCENT_SMS_SIGN_NAME!,
    templates: { message: env.TENCENT_SMS_TEMPLATE_MESSAGE!, notice: env.TENCENT_SMS_TEMPLATE_NOTICE! },
    endpoint: match[2]!,
    protocol: match[1] as 'https://' | 'http://',
  };
}
