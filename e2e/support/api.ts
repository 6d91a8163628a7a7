/**
 * The GraphQL API as a second client (another person's phone) for journeys that need a change made
 * while a page is closed, or to read what was stored. Bearer tokens, JSON POST like the web app.
 */
import { inject } from 'vitest';
import { DEMO_PASSWORD } from './login.js';

/** The API of the server at `baseUrl()` (the run's shared server by default; trust.e2e.ts starts its own). */
export function apiOf(baseUrl: () => string) {
  async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await fetch(`${baseUrl()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data as T;
  }
  /** A session token for a demo phone. */
  async function apiLogin(phone: string): Promise<string> {
    const data = await gql<{ login: { token: string } }>('mutation($input: LoginInput!) { login(input: $input) { token } }', { input: { phone, password: DEMO_PASSWORD } });
    return data.login.token;
  }
  return { gql, apiLogin };
}

export const { gql, apiLogin } = apiOf(() => inject('baseUrl'));

/** The parcel with this waybill as `token`'s user sees it through `query` (which lists its fields). */
export async function shipmentByWaybill(token: string, waybillNo: string, fields: string): Promise<any> {
  const data = await gql(`query { myDeliveries(first: 50) { edges { node { id waybillNo ${fields} } } } }`, {}, token);
  return data.myDeliveries.edges.map((e: any) => e.node).find((n: any) => n.waybillNo === waybillNo);
}
