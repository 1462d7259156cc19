import type { IntakeMailTemplate } from '../../functions/core/intake/intake';
import {
  type Block,
  type LanguageBasics,
  type LanguagePack,
  languagePack,
  type RejectionReason,
  type TemplateGroup,
} from '../../functions/core/replies/template-packs';
import type { VerificationTemplate } from '../../functions/core/verification/verify-identity';

/** Why a request was refused, one explanation per reason: the rejection mail quotes the one that applies. */
const enRejectionReasons: Readonly<Record<RejectionReason, readonly Block[]>> = {
  unverified: [
    'We have not been able to confirm that the request comes from the person the data is about, because the email address was not confirmed before the confirmation link expired. To protect your data, we do not disclose or change anything without such a confirmation. You are welcome to send a new request.',
  ],
  manifestly_unfounded: [
    'We consider the request to be manifestly unfounded. Article 12(5) of the General Data Protection Regulation (GDPR) allows us to refuse to act on it in that case; it is for us to show that it is.',
  ],
  excessive: [
    'We consider the request to be excessive, in particular because it repeats requests we have already answered. Article 12(5) of the General Data Protection Regulation (GDPR) allows us to refuse to act on it in that case; it is for us to show that it is.',
  ],
  not_a_request: [
    'Your message does not contain a request to exercise your rights under the General Data Protection Regulation, such as access, rectification or erasure, so we have not handled it as such a request. If you would like to make a request, you can reply to this email and tell us what you would like us to do.',
  ],
  duplicate: [
    'The request duplicates a case we are already handling{{#originalRequestId}} ({{originalRequestId}}){{/originalRequestId}}. We will continue with the original case, and you will receive our answer there.',
  ],
  third_party_unauthorised: [
    "The request concerns another person's personal data, and we have not been able to confirm that you are entitled to act on their behalf, for example through a power of attorney. To protect that person's data, we cannot act on the request.",
  ],
  erasure_exemption: [
    'We may not or need not erase the data, because processing it is still necessary for a reason Article 17(3) of the General Data Protection Regulation (GDPR) sets out, for example to comply with a legal obligation (such as the bookkeeping rules) or for the establishment, exercise or defence of legal claims.',
  ],
  data_accurate: [
    'We have checked the data the request concerns and consider it accurate and complete. The right to rectification under Article 16 of the General Data Protection Regulation (GDPR) covers inaccurate or incomplete data, so we have not changed anything.',
  ],
  compelling_grounds: [
    'We have considered your objection to our processing, which we base on a legitimate interest. We consider that we have compelling legitimate grounds for the processing which override your interests, rights and freedoms, or that the processing is needed for the establishment, exercise or defence of legal claims (Article 21(1) of the General Data Protection Regulation, GDPR). An objection to direct marketing always applies and is not affected by this.',
  ],
};

/** English replies (British spelling). Dates like "25 December 2026". */
export const enBasics: LanguageBasics = {
  language: 'en',
  htmlLang: 'en',
  locale: 'en-GB',
  dateTimeFormat: '{date} at {hour}:{minute} (Swedish time)',
  dayUnit: { one: 'day', other: 'days' },
  typeNames: {
    access: 'access to your personal data',
    portability: 'data portability',
    rectification: 'rectification',
    erasure: 'erasure',
    restriction: 'restriction of processing',
    objection: 'objection to processing',
    withdraw_consent: 'withdrawal of consent',
  },
  alertKinds: {
    failure: 'Processing failure',
    virus: 'Virus in an incoming message',
    security: 'Security alert',
    task_timeout: 'A staff task passed its time limit',
  },
  signature: [
    'Kind regards\nThe privacy team{{#organisationName}} at {{organisationName}}{{/organisationName}}',
  ],
  replyFooter: [
    'Reference: {{requestId}}. If you have any questions, reply to this email{{#contactAddress}} or write to {{contactAddress}}{{/contactAddress}}, quoting the reference.',
  ],
};

/** The verification mails, on their own: the link handlers ship only these. */
export const enVerificationMails: TemplateGroup<VerificationTemplate> = {
  verification: {
    subject: 'Request {{requestId}}: Please confirm your email address',
    body: [
      'Hello,',
      'We have received a request for {{types}} concerning this email address (reference {{requestId}}). To make sure that you sent it, please confirm that you have access to this address by opening the link below:',
      '{{verificationUrl}}',
      'The link is valid until {{linkExpiresAt}} and can only be used once.',
      'The link only confirms that you have access to this email address. It does not give access to your data, and we will never ask you for a password or other login details.',
      'If you did not send us a request, you can ignore this email. Nothing will happen if you do not open the link.',
    ],
  },
  verification_reminder: {
    subject: 'Request {{requestId}}: Reminder – please confirm your email address',
    body: [
      'Hello,',
      'We are still waiting for you to confirm your email address for your request for {{types}} (reference {{requestId}}). We cannot continue with the request until you have done so.',
      '{{verificationUrl}}',
      'The link is valid until {{linkExpiresAt}} and can only be used once. It only confirms that you have access to the email address and does not give access to your data.',
      'If you did not send us a request, you can ignore this email.',
    ],
  },
};

/** The mails intake sends itself besides verification links: the rest ship only with the workflow's functions. */
export const enIntakeMails: TemplateGroup<Exclude<IntakeMailTemplate, VerificationTemplate>> = {
  triage_acknowledgement: {
    subject: 'Request {{requestId}}: We have received your message',
    body: [
      'Hello,',
      'Thank you for your message. We have received it and registered it under reference {{requestId}}.',
      'Someone from our privacy team will read it and get back to you as soon as possible.',
      '{{#dueDate}}If your message concerns your rights under the General Data Protection Regulation, such as access or erasure, we will reply by {{dueDate}} at the latest.{{/dueDate}}',
    ],
  },
  staff_alert: {
    subject: 'Privacy Desk: {{alertKind}} – request {{requestId}}',
    body: [
      'Request {{requestId}} needs attention from the privacy team.',
      'Kind: {{alertKind}}',
      'Reason: {{alertReason}}',
      {
        when: 'foldedAlerts',
        show: [
          {
            list: 'foldedAlerts',
            item: 'Also folded since the last digest, not mailed one by one: {{foldedCount}} between {{firstFoldedAt}} and {{lastFoldedAt}} – {{requestIds}}',
          },
        ],
      },
      '{{#step}}Step: {{step}}{{/step}}',
      '{{#consoleUrl}}Open the request in the console: {{consoleUrl}}{{/consoleUrl}}{{^consoleUrl}}Open the request in the console for details.{{/consoleUrl}}',
      'This message contains no personal data.',
    ],
  },
};

export const en: LanguagePack = /* @__PURE__ */ languagePack(
  enBasics,
  {
    acknowledgement: {
      subject: 'Request {{requestId}}: We have received your request',
      body: [
        'Hello,',
        'Thank you for your message. We have received your request for {{types}} and registered it under reference {{requestId}}.',
        'We will reply by {{dueDate}} at the latest. If we need more time, we will let you know before then and explain why.',
        'If we need to confirm your identity, you will receive a separate email with a link.',
        'If we have misunderstood what you are asking for, or you want more than this, reply to this email and tell us: a person will read it.',
      ],
    },
    needs_more_info: {
      subject: 'Request {{requestId}}: We need more information',
      body: [
        'Hello,',
        'To handle your request for {{types}} (reference {{requestId}}), we need more information from you:',
        { quote: 'question' },
        'You can reply directly to this email. The time limit for our answer is paused until we receive your reply, and it continues once we have it.',
      ],
    },
    pause_reminder: {
      subject: 'Request {{requestId}}: Reminder – we are waiting for your answer',
      body: [
        'Hello,',
        'On {{pausedSinceDate}} we asked you for information we need to handle your request for {{types}} (reference {{requestId}}), and we have not yet received your answer.',
        'The time limit for our answer stays paused until you reply. You can reply directly to this email.',
        'If you no longer want us to handle the request, you can tell us so in a reply.',
      ],
    },
    extension: {
      subject: 'Request {{requestId}}: We need more time for your request',
      body: [
        'Hello,',
        'We are working on your request for {{types}} (reference {{requestId}}) but need more time to complete it. We are therefore extending the time limit{{#previousDueDate}} from {{previousDueDate}}{{/previousDueDate}} to {{dueDate}}.',
        'The reason for the extension:',
        { quote: 'extensionReason' },
        'Under Article 12(3) of the General Data Protection Regulation (GDPR), the time limit may be extended by up to two further months where necessary, taking into account the complexity and number of requests.',
      ],
    },
    rejection: {
      subject: 'Request {{requestId}}: Our decision on your request',
      body: [
        'Hello,',
        'We have reviewed request {{requestId}} and are unfortunately unable to act on your request{{#types}} for {{types}}{{/types}}.',
        { rejectionReasonText: enRejectionReasons },
        { when: 'rejectionDetail', show: [{ quote: 'rejectionDetail' }] },
        {
          when: 'marketingStopped',
          show: [
            'Your objection to direct marketing is not affected: we recorded it when we received your message, and we no longer use your personal data for marketing.',
          ],
        },
        'If you are not satisfied with our decision, you have the right to lodge a complaint with the Swedish Authority for Privacy Protection (Integritetsskyddsmyndigheten, IMY), the supervisory authority for data protection in Sweden; see imy.se. You may also complain to the supervisory authority in the country where you live or work (in Norway and Denmark: Datatilsynet). You also have the right to bring the matter before a court.',
        'You are always welcome to contact us if you have questions about the decision.',
      ],
    },
    cancellation: {
      subject: 'Request {{requestId}}: Your request has been closed',
      body: [
        'Hello,',
        'We have closed request {{requestId}}{{#types}} for {{types}}{{/types}} without acting on it further.',
        {
          when: 'marketingStopped',
          show: [
            'Your objection to direct marketing is not affected: we recorded it when we received your message, and we no longer use your personal data for marketing.',
          ],
        },
        {
          when: 'rejectionDetail',
          show: ['The reason:', { quote: 'rejectionDetail' }],
          otherwise: [
            'This usually happens when a request has been withdrawn, is handled in another case, or was sent by mistake.',
          ],
        },
        'If you still want us to act on your request, reply to this email or send a new request. If you are not satisfied with how we handled it, you have the right to lodge a complaint with the Swedish Authority for Privacy Protection (Integritetsskyddsmyndigheten, IMY), the supervisory authority for data protection in Sweden; see imy.se. You may also complain to the supervisory authority in the country where you live or work (in Norway and Denmark: Datatilsynet). You also have the right to bring the matter before a court.',
      ],
    },
    mandate_notice: {
      subject: 'Request {{requestId}}: We deal directly with the person concerned',
      body: [
        'Hello,',
        'Thank you for your message, which we have registered under reference {{requestId}}. You wrote on behalf of someone else.',
        'To protect their personal data, we handle the request directly with the person it concerns: we have written to them to confirm it. We do not disclose any personal data to you.',
        'If you act under a power of attorney, you can reply to this email with it. We will then assess it before we do anything more.',
      ],
    },
    completion_access: {
      subject: 'Request {{requestId}}: Your personal data is ready to download',
      body: [
        'Hello,',
        'We have completed your request for {{types}} (reference {{requestId}}). You can download your personal data using the link below:',
        '{{downloadUrl}}',
        'The link is valid until {{linkExpiresAt}}. The file is personal, so please do not share the link with anyone. If the link has expired, reply to this email and we will send you a new one.',
        'The package contains:',
        {
          bullets: [
            'your personal data in machine-readable formats (JSON and CSV), which you can also pass on to someone else',
            'a summary in HTML that you can open in your web browser',
            'information on why we process the data, which kinds of data are involved, who has received them, how long we keep them, where they come from, and what your rights are',
          ],
        },
        {
          when: 'dataSources',
          show: ['The data comes from the following systems:', { list: 'dataSources' }],
        },
        'If you have questions about the contents or think something is wrong, you are welcome to reply to this email.',
      ],
    },
    completion_erasure: {
      subject:
        'Request {{requestId}}: {{#erasedItems}}Your personal data has been erased{{/erasedItems}}{{^erasedItems}}Your erasure request has been completed{{/erasedItems}}',
      body: [
        'Hello,',
        'We have completed your request for {{types}} (reference {{requestId}}).',
        {
          when: 'erasedItems',
          show: ['We have erased the following data:', { list: 'erasedItems' }],
          otherwise: [
            {
              when: 'anonymisedItems',
              show: [],
              otherwise: [
                {
                  when: 'retainedItems',
                  show: [],
                  otherwise: [
                    'We searched all systems in which we process personal data and found no data about you linked to this email address, so there was nothing to erase.',
                  ],
                },
              ],
            },
          ],
        },
        {
          when: 'anonymisedItems',
          show: [
            'We have anonymised the following data so that it can no longer be linked to you:',
            { list: 'anonymisedItems' },
          ],
        },
        {
          when: 'retainedItems',
          show: [
            'The law requires us to keep some data for a while longer. It is used only for the purpose the law requires and will be erased when that period ends:',
            { list: 'retainedItems', item: '{{description}} – kept under {{legalBasis}} until {{until}}' },
          ],
        },
        {
          when: 'erasedItems',
          show: [
            'Copies of the data may remain in our backups until {{backupExpiryDate}}, when they are overwritten automatically. The backups are protected and used only to restore systems after a failure. If we need to restore from a backup before then, we will make sure your data is erased again.',
          ],
        },
      ],
    },
    completion_rectification: {
      subject:
        'Request {{requestId}}: {{#correctedItems}}Your personal data has been corrected{{/correctedItems}}{{^correctedItems}}Our answer to your request for correction{{/correctedItems}}',
      body: [
        'Hello,',
        {
          when: 'correctedItems',
          show: [
            'We have completed your request for {{types}} (reference {{requestId}}) and corrected the following data:',
            { list: 'correctedItems' },
          ],
          otherwise: [
            'We have handled your request for {{types}} (reference {{requestId}}). We checked the data we hold about you and found nothing that needed to be corrected, so we have not changed anything.',
            'If you disagree, you can reply to this email and tell us what is wrong. You also have the right to lodge a complaint with the Swedish Authority for Privacy Protection (Integritetsskyddsmyndigheten, IMY), see imy.se, and to bring the matter before a court. You may also complain to the supervisory authority in the country where you live or work (in Norway and Denmark: Datatilsynet).',
          ],
        },
        'If anything is still wrong, you are welcome to reply to this email.',
      ],
    },
    completion_objection: {
      subject: 'Request {{requestId}}: Your request has been carried out',
      body: [
        'Hello,',
        'We have carried out your request for {{types}} (reference {{requestId}}).',
        {
          when: 'purposes',
          show: [
            'We have stopped processing your personal data for the following purposes:',
            { list: 'purposes' },
          ],
        },
        {
          when: 'objectionContinued',
          show: [
            'You objected to the following processing, which rests on our legitimate interests. Having weighed your objection against our grounds (Article 21(1) GDPR), we will continue it, for the reasons given:',
            { list: 'objectionContinued', item: '{{purpose}} – {{grounds}}' },
            'If you are not satisfied with this decision, you have the right to lodge a complaint with the Swedish Authority for Privacy Protection (Integritetsskyddsmyndigheten, IMY), the supervisory authority for data protection in Sweden; see imy.se. You may also complain to the supervisory authority in the country where you live or work (in Norway and Denmark: Datatilsynet). You also have the right to bring the matter before a court.',
          ],
        },
        'If you have withdrawn consent, this does not affect the processing that took place before you withdrew it.',
        'You can give your consent again at any time if you change your mind.',
      ],
    },
    completion_restriction: {
      subject: 'Request {{requestId}}: Processing of your personal data is restricted',
      body: [
        'Hello,',
        'We have carried out your request for {{types}} (reference {{requestId}}) and restricted the processing of your personal data.',
        {
          when: 'systems',
          show: ['The restriction applies to the data in the following systems:', { list: 'systems' }],
        },
        "While the restriction applies, we store the data but do not use it, except with your consent, for the establishment, exercise or defence of legal claims, to protect another person's rights, or for important reasons of public interest (Article 18(2) GDPR).",
        'We will tell you before the restriction is lifted.',
      ],
    },
    completion_no_data: {
      subject: 'Request {{requestId}}: We hold no personal data about you',
      body: [
        'Hello,',
        'We have completed your request for {{types}} (reference {{requestId}}). We have searched all systems in which we process personal data and found no data about you linked to this email address.',
        'If you think we may hold data about you under another email address, another name or in another role (for example as a contact person at one of our clients), you are welcome to reply to this email and we will search again.',
      ],
    },
    recipient_notice: {
      subject: 'Our reference {{requestId}}: a change to personal data we have disclosed to you',
      body: [
        'Hello,',
        'Article 19 of the General Data Protection Regulation (GDPR) requires us to tell you that, at the request of the person concerned, we have carried out {{types}} of the personal data about the person with the email address {{subjectAddress}} (our reference {{requestId}}).',
        {
          when: 'systems',
          show: ['It concerns data from the following of our systems:', { list: 'systems' }],
        },
        'If we have disclosed this data to you, please make the same change in your own records. For a rectification, reply to this email and we will send you the corrected data; the same goes for any question.',
      ],
    },
    recipients_notified: {
      subject: 'Request {{requestId}}: Who we have told about the change',
      body: [
        'Hello,',
        'When we correct, erase or restrict personal data, we must tell everyone we have disclosed the data to (Article 19 GDPR). For your request for {{types}} (reference {{requestId}}) we have told:',
        { list: 'recipients' },
        'You do not need to do anything.',
      ],
    },
    staff_deadline_digest: {
      subject: 'Privacy Desk: deadlines on {{today}}{{#foldedAlerts}}, and folded alerts{{/foldedAlerts}}',
      body: [
        'Requests whose deadline has passed or is close, as of {{today}}.',
        { heading: 'Overdue' },
        {
          when: 'overdue',
          show: [
            {
              list: 'overdue',
              item: '{{id}} ({{status}}) – due {{dueDate}}, {{daysOverdue}} overdue{{#paused}}, paused awaiting the reply{{/paused}}',
            },
          ],
          otherwise: ['No overdue requests.'],
        },
        { heading: 'Due within five days' },
        {
          when: 'dueSoon',
          show: [
            {
              list: 'dueSoon',
              item: '{{id}} ({{status}}) – due {{dueDate}}, {{daysLeft}} left{{#paused}}, paused awaiting the reply{{/paused}}',
            },
          ],
          otherwise: ['No requests are due within five days.'],
        },
        { heading: 'Waiting for the requester (clock paused)' },
        {
          when: 'waiting',
          show: [
            {
              list: 'waiting',
              item: '{{id}} ({{status}}) – waiting {{daysWaiting}}{{#reminded}}, requester reminded: follow up{{/reminded}}',
            },
          ],
          otherwise: ['No request is waiting for the requester.'],
        },
        {
          when: 'breaches',
          show: [
            { heading: 'Personal data breaches: the 72-hour clock' },
            {
              list: 'breaches',
              item: '{{incidentId}} – notify IMY by {{authorityDeadline}}: {{breachClock}}',
            },
          ],
        },
        { heading: 'Alerts folded since the last digest' },
        {
          when: 'foldedAlerts',
          show: [
            {
              list: 'foldedAlerts',
              item: '{{alertKind}}: {{foldedCount}} more between {{firstFoldedAt}} and {{lastFoldedAt}}, not mailed one by one – {{requestIds}}',
            },
          ],
          otherwise: ['No alerts were folded.'],
        },
        '{{#consoleUrl}}Open the console: {{consoleUrl}}{{/consoleUrl}}',
        'This message contains no personal data.',
      ],
    },
  },
  enVerificationMails,
  enIntakeMails,
);
