import { getJson, session, ApiError } from '../api';
import { h, problem } from '../dom';

/** Sign-in with a bearer token (the development admin token is in data/access/dev-admin-token after npm start). */
export function loginView(onSignedIn: () => void): HTMLElement {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'token-help' });
  const message = h('div');
  const form = h(
    'form',
    {
      class: 'card login',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        session.token = input.value.trim();
        message.replaceChildren();
        try {
          await getJson('/v1/patients?window_hours=1');
          onSignedIn();
        } catch (err) {
          session.token = null;
          message.replaceChildren(problem(err instanceof ApiError ? err.message : 'Sign-in failed.'));
        }
      },
    },
    h('h1', {}, 'Sign in'),
    h('label', { for: 'token' }, 'Access token'),
    input,
    h('p', { id: 'token-help', class: 'hint' }, 'After npm start, the development token is in data/access/dev-admin-token.'),
    h('button', { type: 'submit' }, 'Sign in'),
    message,
  );
  queueMicrotask(() => input.focus());
  return form;
}
