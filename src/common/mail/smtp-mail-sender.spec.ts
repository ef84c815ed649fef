import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { SmtpMailSender } from './smtp-mail-sender.js';

/** A minimal plain-text SMTP server: enough of RFC 5321 for one delivery, recording what it was sent. */
function fakeSmtpServer(): { server: Server; received: { from: string; to: string[]; data: string }[] } {
  const received: { from: string; to: string[]; data: string }[] = [];
  const server = createServer((socket: Socket) => {
    let mail = { from: '', to: [] as string[], data: '' };
    let inData = false;
    let buffer = '';
    socket.write('220 fake.test ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(mail);
            mail = { from: '', to: [], data: '' };
            socket.write('250 queued\r\n');
          } else mail.data += `${line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake.test\r\n');
        else if (verb === 'MAIL') {
          mail.from = line;
          socket.write('250 ok\r\n');
        } else if (verb === 'RCPT') {
          mail.to.push(line);
          socket.write('250 ok\r\n');
        } else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go on\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return { server, received };
}

describe('SmtpMailSender', () => {
  let server: Server | null = null;
  afterEach(() => {
    server?.close();
  });

  it('delivers the message to the configured server', async () => {
    const fake = fakeSmtpServer();
    server = fake.server;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as { port: number }).port;
    const sender = new SmtpMailSender({
      host: '127.0.0.1',
      port,
      user: null,
      password: null,
      fromEmail: 'noreply@example.com',
      useTls: false,
    });
    await sender.send({ to: 'user@example.com', subject: 'Reset your password', text: 'https://x.test/reset/abc', kind: 'password_reset' });
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0].from).toContain('noreply@example.com');
    expect(fake.received[0].to.join()).toContain('user@example.com');
    expect(fake.received[0].data).toContain('Subject: Reset your password');
    expect(fake.received[0].data).toContain('https://x.test/reset/abc');
  });

  it('fails without the message text when the server cannot be reached', async () => {
    const sender = new SmtpMailSender({
      host: '127.0.0.1',
      port: 1,
      user: null,
      password: null,
      fromEmail: 'noreply@example.com',
      useTls: false,
    });
    const sent = sender.send({ to: 'user@example.com', subject: 's', text: 'secret-link', kind: 'password_reset' });
    await expect(sent).rejects.toThrow('Mail "password_reset" could not be delivered');
    await expect(sent).rejects.not.toThrow(/secret-link/);
  });
});
