import nodemailer from 'nodemailer';

/** Sends one plain-text mail to the local privacy mailbox: `npx tsx local/send-test-mail.ts "text" [from]`. */
const [
  text = 'Jag vill ha en kopia av alla personuppgifter ni har om mig.',
  from = 'test.person@example.org',
] = process.argv.slice(2);
const port = Number(process.env.PD_SMTP_PORT ?? 2525);
const to = `gdpr@${process.env.PD_MAIL_DOMAIN ?? 'example.com'}`;
const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
const info = await transport.sendMail({ from, to, subject: text.slice(0, 60), text });
console.log(`sent to ${to} via 127.0.0.1:${port}: ${info.response}`);
transport.close();
