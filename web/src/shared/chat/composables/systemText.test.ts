import { describe, expect, it } from 'vitest';
import { systemDetail } from './systemText';

describe('systemDetail', () => {
  it('puts the acknowledgement’s minutes into words in the viewer’s language; other bodies stay', () => {
    expect(systemDetail('SUPPORT_ACKNOWLEDGED', '12', 'zh-CN')).toBe('约 12 分钟');
    expect(systemDetail('SUPPORT_ACKNOWLEDGED', '90', 'en')).toBe('about 2 hours');
    expect(systemDetail('SUPPORT_CLOSED', '客服小张', 'en')).toBe('客服小张');
  });
});
