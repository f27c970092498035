import type { Request } from 'express';
import type { GatewayOptions } from './gateway.tokens';

/** The configured public URL, else the address this server is bound to: a client's Host header is never echoed. */
export function baseUrlOf(req: Request, options: GatewayOptions): string {
  if (options.publicUrl !== undefined) return options.publicUrl;
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort ?? 80}`;
}
