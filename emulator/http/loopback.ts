import { isIP } from "net";
import type { IncomingMessage } from "http";
import { accessDenied, hostNotAllowed, type ApiError } from "../errors";

/** A peer address on this machine: 127.0.0.0/8 or ::1, also as IPv4-mapped IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  return address === "::1" || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}

/**
 * A Host header naming this machine: `localhost`, an address in 127.0.0.0/8, or `[::1]`, with or without a port.
 * A DNS-rebinding page reaches 127.0.0.1 under its own name, which its browser sends as Host: this is what it
 * cannot fake. Browsers send Host in canonical form, so other spellings (`2130706433`, `localhost.`) are refused.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d{1,5}))?$/.exec(host.trim());
  if (match === null) return false;
  const [, bracketed, plain] = match;
  if (bracketed !== undefined) return isIP(bracketed) === 6 && isLoopbackAddress(bracketed.toLowerCase());
  const name = plain.toLowerCase();
  return name === "localhost" || (isIP(name) === 4 && isLoopbackAddress(name));
}

/**
 * The rule of paths only this machine may use (the admin path): the peer is a loopback address — so listening
 * on 0.0.0.0 does not expose them — and the Host names one, so a browser page rebound to 127.0.0.1 cannot
 * either. Combine with browserRefusal for the pages of other sites.
 */
export function loopbackRefusal(request: IncomingMessage, resource: string): ApiError | undefined {
  const address = request.socket.remoteAddress;
  if (!isLoopbackAddress(address)) return accessDenied(address ?? "unknown", resource);
  const host = request.headers.host;
  if (!isLoopbackHost(host)) return hostNotAllowed(host ?? "(none)");
  return undefined;
}
