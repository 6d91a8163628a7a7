import { describe, expect, it } from 'vitest';
import { DEBIAN_CHROMIUM, decideChromium, type ChromiumFacts } from './ensure-chromium.mjs';

// The machine is described, not probed: each outcome is decided from plain facts.
const machine = (overrides: Partial<ChromiumFacts> & { executables?: string[] } = {}): ChromiumFacts => {
  const { executables = [DEBIAN_CHROMIUM], ...facts } = overrides;
  return {
    chromiumPathEnv: undefined,
    isExecutable: (file) => executables.includes(file),
    cjkFonts: true,
    isRoot: false,
    passwordlessSudo: false,
    hasApt: true,
    ...facts,
  };
};

describe('decideChromium', () => {
  it('found: Debian Chromium and CJK fonts are there, nothing to install', () => {
    expect(decideChromium(machine())).toEqual({ kind: 'found', chromium: '/usr/bin/chromium' });
  });

  it('found: CHROMIUM_PATH wins over Debian Chromium', () => {
    const facts = machine({ chromiumPathEnv: '/opt/chrome/chrome', executables: ['/opt/chrome/chrome'] });
    expect(decideChromium(facts)).toEqual({ kind: 'found', chromium: '/opt/chrome/chrome' });
  });

  it('installable as root: both packages, without sudo', () => {
    const facts = machine({ executables: [], cjkFonts: false, isRoot: true });
    expect(decideChromium(facts)).toEqual({ kind: 'install', packages: ['chromium', 'fonts-noto-cjk'], sudo: false });
  });

  it('installable with passwordless sudo: only what is missing', () => {
    expect(decideChromium(machine({ cjkFonts: false, passwordlessSudo: true }))).toEqual({ kind: 'install', packages: ['fonts-noto-cjk'], sudo: true });
    expect(decideChromium(machine({ executables: [], passwordlessSudo: true }))).toEqual({ kind: 'install', packages: ['chromium'], sudo: true });
  });

  it('not installable without root or passwordless sudo: one line naming what to install', () => {
    const decision = decideChromium(machine({ executables: [], cjkFonts: false }));
    expect(decision.kind).toBe('missing');
    const message = (decision as { message: string }).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('sudo apt-get install -y chromium fonts-noto-cjk');
    expect(message).toContain('CHROMIUM_PATH');
  });

  it('not installable without apt-get (not Debian), even as root', () => {
    expect(decideChromium(machine({ executables: [], isRoot: true, hasApt: false })).kind).toBe('missing');
  });

  it('a CHROMIUM_PATH that is not executable is reported, not replaced by Debian Chromium', () => {
    const decision = decideChromium(machine({ chromiumPathEnv: '/nope/chrome', isRoot: true }));
    expect(decision.kind).toBe('missing');
    expect((decision as { message: string }).message).toContain('CHROMIUM_PATH=/nope/chrome');
  });
});
