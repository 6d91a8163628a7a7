import { z } from 'zod';
import { LIMITS } from './limits.js';
import { PHONE_PATTERN } from './phone.js';

export const phoneSchema = z.string().trim().regex(PHONE_PATTERN, 'phone must be 11 digits starting with 1');

export const loginSchema = z.object({
  phone: phoneSchema,
  password: z.string().min(1, 'password is required').max(LIMITS.passwordMaxLength),
});
export type LoginInput = z.infer<typeof loginSchema>;
