import { describe, expect, it, vi } from 'vitest';
import { effectScope } from 'vue';
import { emitReconnected, onReconnected } from './reconnect';
import { backoffDelay } from './subscriptions';

describe('onReconnected', () => {
  it('calls listeners on each reconnect until their scope ends', () => {
    const cb = vi.fn();
    const scope = effectScope();
    scope.run(() => onReconnected(cb));
    emitReconnected();
    emitReconnected();
    expect(cb).toHaveBeenCalledTimes(2);
    scope.stop();
    emitReconnected();
    expect(cb).toHaveBeenCalledTimes(2);
  });

  it('keeps notifying others when one listener throws', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    const offBad = onReconnected(() => {
      throw new Error('bad');
    });
    const offGood = onReconnected(good);
    emitReconnected();
    expect(good).toHaveBeenCalledOnce();
    offBad();
    offGood();
    spy.mockRestore();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with jitter and caps at 30 s', () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(20, () => 1)).toBe(30_000);
    expect(backoffDelay(20, () => 0)).toBe(15_000);
  });
});
