import { Role } from '@parceldesk/shared';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { i18n, setLocale } from '#shared/i18n';
import { demoUser, fakeSession, unauthenticated } from '#shared/testing/fakeSession';
import { createAppRouter } from '../../../router';
import { SessionKey, type LoginResult } from '../session';
import LoginView from './LoginView.vue';

async function mountLogin(loginResult?: LoginResult, path = '/login') {
  const session = fakeSession(null, loginResult);
  const router = createAppRouter(session, createMemoryHistory());
  await router.push(path);
  const wrapper = mount(LoginView, { global: { plugins: [i18n, router], provide: { [SessionKey as symbol]: session } } });
  return { wrapper, router, session };
}

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper'], phone: string, password: string) {
  await wrapper.get('input#login-phone').setValue(phone);
  await wrapper.get('input#login-password').setValue(password);
  await wrapper.get('form').trigger('submit');
  await flushPromises();
}

describe('LoginView', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('labels its fields and button', async () => {
    const { wrapper } = await mountLogin();
    expect(wrapper.get('label[for=login-phone]').text()).toBe('手机号');
    expect(wrapper.get('label[for=login-password]').text()).toBe('密码');
    expect(wrapper.get('button[type=submit]').text()).toBe('登录');
    // Only the submit button is named 登录, so role queries stay unambiguous.
    expect(wrapper.findAll('button').filter((b) => b.text().includes('登录'))).toHaveLength(1);
  });

  it('checks the phone number before asking the server', async () => {
    const { wrapper, session } = await mountLogin();
    await fillAndSubmit(wrapper, '12345', 'demo1234');
    expect(wrapper.get('[role=alert]').text()).toBe('请输入 11 位手机号');
    expect(session.loginCalls).toHaveLength(0);
  });

  it('shows a wrong password as an alert', async () => {
    const { wrapper, router } = await mountLogin({ ok: false, error: unauthenticated() });
    await fillAndSubmit(wrapper, '13800000001', 'wrong');
    expect(wrapper.get('[role=alert]').text()).toBe('手机号或密码不正确');
    expect(router.currentRoute.value.path).toBe('/login');
  });

  it('lands the role on its page, not on a page of another role', { timeout: 30_000 }, async () => {
    const agent = await mountLogin({ ok: true, user: demoUser(Role.AGENT) });
    await fillAndSubmit(agent.wrapper, '138 0000 0004', 'demo1234');
    expect(agent.session.loginCalls).toEqual([{ phone: '13800000004', password: 'demo1234' }]);
    // The route's lazy chunks load before the navigation settles.
    await vi.waitFor(() => expect(agent.router.currentRoute.value.path).toBe('/d/queue'), { timeout: 15_000 });

    const buyer = await mountLogin({ ok: true, user: demoUser(Role.BUYER) }, '/login?redirect=/d/queue');
    await fillAndSubmit(buyer.wrapper, '13800000001', 'demo1234');
    await vi.waitFor(() => expect(buyer.router.currentRoute.value.path).toBe('/m/orders'), { timeout: 15_000 });
  });

  it('fills the form from a demo account and speaks English on request', async () => {
    const { wrapper } = await mountLogin();
    await wrapper.get('.demo button').trigger('click');
    expect((wrapper.get('input#login-phone').element as HTMLInputElement).value).toBe('13800000001');
    await setLocale('en');
    await flushPromises();
    expect(wrapper.get('label[for=login-phone]').text()).toBe('Phone');
    expect(wrapper.get('button[type=submit]').text()).toBe('Log in');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.global.locale.value).toBe('en');
  });
});
