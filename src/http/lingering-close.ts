// Closing a connection whose request body was refused unread (413), as nginx's lingering close
// does. The client may still be sending that body, and a socket closed with unread data answers
// with a reset, which can make the client's system drop the answer before the client reads it
// (it sees ECONNRESET, not the 413; seen on a busy machine). So once the answer is sent, with
// `Connection: close`, the server closes its side and reads and discards what still arrives until
// the client closes too, for at most `lingerMilliseconds`: bounded, so a body that never ends
// cannot hold the connection, and nothing of it is kept.
import type { IncomingMessage } from 'node:http';

export const lingerMilliseconds = 2_000;

/** Makes the server's close of the request's connection, after its answer, a lingering one. */
export function closeLingering(request: IncomingMessage): void {
  const socket = request.socket;
  socket.destroySoon = () => {
    socket.end();
    // Whoever was reading the body stops: what arrives now is dropped, not buffered.
    request.removeAllListeners('data');
    request.resume();
    socket.resume();
    socket.once('end', () => socket.destroy());
    setTimeout(() => socket.destroy(), lingerMilliseconds).unref();
  };
}
