import { Role } from '@parceldesk/shared';

/** The demo data of DESIGN §6, shown on the login page so a visitor can try each role. */
export const DEMO_PASSWORD = 'demo1234';

export const DEMO_ACCOUNTS: ReadonlyArray<{ phone: string; name: string; role: Role }> = [
  { phone: '13800000001', name: '买家小王', role: Role.BUYER },
  { phone: '13800000002', name: '派件员老李', role: Role.COURIER },
  { phone: '13800000003', name: '优选水果店', role: Role.MERCHANT },
  { phone: '13800000004', name: '客服小张', role: Role.AGENT },
  { phone: '13800000008', name: '客服小李', role: Role.AGENT },
];
