import './style.css';
import { session } from './api';
import { h } from './dom';
import { loginView } from './views/login';
import { panelView } from './views/panel';
import { patientView } from './views/patient';

const app = document.getElementById('app')!;
const logout = document.getElementById('logout') as HTMLButtonElement;
let closeCurrent: (() => void) | undefined;

/** Hash routes: `#/` the panel, `#/patients/<id>` one patient; without a token, the sign-in form. */
function route(): void {
  closeCurrent?.();
  closeCurrent = undefined;
  logout.hidden = session.token === null;
  if (session.token === null) {
    app.replaceChildren(loginView(route));
    return;
  }
  const match = /^#\/patients\/(.+)$/.exec(location.hash);
  if (match) {
    const view = patientView(decodeURIComponent(match[1]));
    closeCurrent = view.close;
    app.replaceChildren(view.element);
  } else {
    app.replaceChildren(panelView());
  }
  app.querySelector<HTMLElement>('h1')?.setAttribute('tabindex', '-1');
}

logout.addEventListener('click', () => {
  session.token = null;
  location.hash = '#/';
  route();
});
window.addEventListener('hashchange', route);
if (!('fetch' in window)) app.replaceChildren(h('p', {}, 'This browser is too old for the dashboard.'));
else route();
