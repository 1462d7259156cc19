import { describe, expect, it } from 'vitest';
import { foldText } from '../../functions/core/intake/classify/classify-normalise';
import { findRequestTypes } from '../../functions/core/intake/classify/classify-types';

const typesIn = (text: string) => findRequestTypes(foldText(text)).types;

describe('the rules for restriction (use stopped, data kept)', () => {
  it.each([
    ['en', 'Please stop using my customer record while the billing dispute is open.'],
    ['en', "Stop processing my application for now, but don't throw anything away."],
    ['sv', 'Sluta behandla mina uppgifter tills ni har kontrollerat dem, men spara dem.'],
    ['sv', 'Använd inte min profil förrän klagomålet är utrett.'],
    ['nb', 'Slutt å bruke CV-en min mens saken pågår, men behold den.'],
    ['nb', 'Sett kontoen min på pause, jeg vil ikke at den skal slettes.'],
    ['de', 'Bitte verarbeiten Sie meine Daten nicht weiter, bis die Sache geklärt ist.'],
  ])('reads restriction, and no objection or erasure, in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['restriction']);
  });

  it('leaves a plain "stop processing my data" an objection: nothing is kept, no time named', () => {
    expect(typesIn('Stop processing my data.')).toEqual(['objection']);
  });

  it('reads no restriction in a complaint that mentions use and a "while"', () => {
    expect(typesIn("I don't understand why you use my data while I never signed up.")).not.toContain(
      'restriction',
    );
  });

  it('leaves stopped mailings an objection, even until further notice', () => {
    expect(typesIn('Stop sending me newsletters until further notice.')).toEqual(['objection']);
  });

  it('keeps an erasure asked for next to a pause ("pause my account and delete my CV")', () => {
    expect(typesIn('Please pause my account for now. Delete my old CV though.')).toEqual(
      expect.arrayContaining(['erasure']),
    );
  });
});

describe('erasure said not to be wanted', () => {
  it.each([
    'Jag vill inte att mitt konto tas bort.',
    'Jeg vil ikke at profilen skal slettes.',
    'Bitte legen Sie mein Konto still, ohne etwas zu löschen.',
    'Löschen Sie sie aber nicht.',
    "I'm not requesting deletion, only a pause.",
    'Jag vill inte att ni raderar något.',
    "You don't need to delete anything, just stop the calls.",
    'Ni behöver inte ta bort profilen, jag söker fler jobb.',
    'Sett søknaden på vent i stedet for å slette den.',
    'Could you archive it without deleting it?',
  ])('finds no erasure in: %s', (text) => {
    expect(typesIn(text)).not.toContain('erasure');
  });

  it('still finds one asked for plainly', () => {
    expect(typesIn('Radera mitt konto.')).toEqual(['erasure']);
  });
});

describe('what the writer deleted themselves', () => {
  it.each([
    'Jeg fikk CV-en til en annen kandidat ved en feil. Jeg har slettet den hos meg.',
    'I have already deleted the attachment on my side.',
    'Ni skickade någon annans lönebesked till mig. Jag raderar mejlet nu.',
  ])('is no erasure asked for: %s', (text) => {
    expect(typesIn(text)).not.toContain('erasure');
  });

  it.each([
    'Jag vill att ni raderar mitt konto.',
    'I want you to delete my account.',
    'Jeg vil at dere sletter CV-en min.',
  ])('leaves an erasure asked of us one: %s', (text) => {
    expect(typesIn(text)).toEqual(['erasure']);
  });
});

describe('an erasure told, not asked for now', () => {
  it.each([
    ['en', 'You deleted my profile in March. Which records about me are left?'],
    ['en', 'Two years ago I asked you to erase my account.'],
    ['sv', 'Ni har raderat mitt konto, fint.'],
    ['sv', 'Jag bad er radera mina uppgifter i våras.'],
    ['nb', 'Takk for at dere slettet bildet av meg.'],
    ['nb', 'Jeg har tidligere bedt dere om å slette kontoen.'],
  ])('is no erasure asked for in %s: %s', (_language, text) => {
    expect(typesIn(text)).not.toContain('erasure');
  });

  it.each([
    ['en', "I'd be grateful if you deleted my old photo."],
    ['sv', 'Skulle ni kunna radera mitt cv? Det vore snällt om ni raderade det i dag.'],
    ['nb', 'Kunne dere slettet opptaket av meg?'],
  ])('leaves a wish in the past tense an erasure in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['erasure']);
  });

  it('still reads an erasure asked for in the same sentence as one told', () => {
    expect(typesIn('Ni tog bort kontot förra året men radera även mitt cv nu.')).toEqual(['erasure']);
  });
});

describe('a right asked for before, or said not to be needed', () => {
  it.each([
    ['en', 'I asked for a copy of my data in May and got it, thanks. Please delete my account now.'],
    ['sv', 'Jag bad er i höstas att sluta ringa mig, och radera nu mitt konto.'],
    ['sv', 'Ni behöver inte rätta adressen, radera mitt konto.'],
    ['nb', 'Jeg ba om innsyn i fjor. Slett kontoen min nå.'],
    ['nb', 'Dere trenger ikke sende meg en kopi, slett kontoen min.'],
    ['en', 'Erase my account, there is no need to send me a copy first.'],
    ['sv', 'Radera mitt konto. Ni behöver inte skicka någon kopia.'],
  ])('asks only for what is asked now, in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['erasure']);
  });

  it.each([
    ['en', 'I requested access to my data last month and have heard nothing.'],
    ['sv', 'Jag har begärt rättelse av min adress två gånger.'],
  ])('is a chaser of an old request, asking nothing new, in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual([]);
  });

  it.each([
    ['en', 'no need to reply just delete my account', ['erasure']],
    ['en', 'I asked you about this before, and now I want a copy of my data.', ['access']],
    ['nb', 'Dere må ikke bruke bildet mitt før saken er avklart.', ['restriction']],
  ])('still reads what the next clause asks, or what is forbidden, in %s: %s', (_language, text, types) => {
    expect(typesIn(text)).toEqual(types);
  });
});

describe('a copy said to have come', () => {
  it.each([
    ['en', 'Thanks for the copy of my data. Now please delete my account.'],
    ['sv', 'Jag har fått kopia av mina personuppgifter, tack. Radera mitt konto nu.'],
    ['nb', 'Takk for kopi av opplysningene mine. Slett kontoen min nå.'],
  ])('asks for no copy, only for what follows, in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['erasure']);
  });

  it('still asks for a copy when none is said to have come', () => {
    expect(typesIn('Please send me a copy of my data.')).toEqual(['access']);
  });
});

describe('the everyday Swedish and Norwegian for being given one’s data', () => {
  it.each([
    'Jag vill begära ut mina personuppgifter.',
    'Kan jag få ut all data ni har sparat om mig?',
    'Jag vill få ut mina uppgifter från er.',
    'Jeg ønsker å få utlevert opplysningene dere har om meg.',
  ])('is access: %s', (text) => {
    expect(typesIn(text)).toEqual(['access']);
  });

  it('is no access when the data is to come out of a system', () => {
    expect(typesIn('Få ut mina uppgifter ur ert system, jag är inte kund längre.')).not.toContain('access');
  });
});

describe('direct marketing refused outright', () => {
  it.each([
    ['en', 'Please stop calling me about your offers.'],
    ['en', 'No more promotions, thank you.'],
    ['sv', 'Ring mig inte igen om era abonnemang.'],
    ['sv', 'Inga fler erbjudanden tack.'],
    ['nb', 'Ikke ring meg om tilbud.'],
    ['nb', 'Ikke flere nyhetsbrev takk.'],
  ])('is an objection in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });

  it('is no objection when a call is asked for', () => {
    expect(typesIn('Ring mig gärna när ni har tid.')).toEqual([]);
  });
});

describe('everyday English for the rights', () => {
  it.each([
    ['erasure', 'Could you go ahead with deleting my profile from the portal?'],
    ['erasure', 'I would appreciate you erasing the old test account.'],
    ['erasure', 'Get rid of the recordings of my calls.'],
    ['erasure', 'My old CV is still with you and I want it gone.'],
    ['erasure', 'Take my phone number out of your CRM.'],
    ['erasure', "Please don't keep my references on file."],
    ['erasure', 'Shred the paper forms I filled in at the fair.'],
    ['erasure', 'The photos you took of me: remove them.'],
    ['access', 'Could you email me whatever you store about me?'],
    ['access', 'I wish to obtain the personal data your recruiters collected.'],
    ['access', 'Can I see the interview notes you wrote about me?'],
    ['access', 'A printout of my records would be fine.'],
    ['rectification', 'My job title needs to be corrected in the speaker list.'],
    ['rectification', 'Please fix the wrong birth date in my file.'],
    ['objection', 'I do not want you to use my browsing for personalised ads.'],
    ['objection', 'unsub'],
    ['withdraw_consent', "I don't consent any more to the photo on your blog."],
    ['withdraw_consent', 'I gave consent for the case study and I am taking it back.'],
  ])('reads %s in: %s', (type, text) => {
    expect(typesIn(text)).toEqual([type]);
  });

  it.each([
    'Take me off the newsletter list.',
    'Remove them from the mailing list, please.',
    'I see you have my new address now.',
  ])('reads no erasure in: %s', (text) => {
    expect(typesIn(text)).not.toContain('erasure');
  });
});

describe('taken off a list, whatever the verb', () => {
  it.each([
    ['en', 'Delete me from the webinar mailing list.'],
    ['sv', 'Radera min mejladress från kundutskicken.'],
    ['nb', 'Slett meg fra nyhetsbrevlista om skytjenester.'],
    ['sv', 'Plocka bort mig ur sändlistan, tack.'],
    ['sv', 'Ta bort min jobbadress från era seminarieutskick.'],
    ['sv', 'Radera min adress från kampanjerna ni skickar.'],
    ['en', 'Remove my work email from the event reminders.'],
    ['sv', 'Ta bort mig från era sms-utskick.'],
    ['sv', 'Stryk mig från inbjudningarna till era kundmiddagar.'],
    ['en', 'Please remove me from all marketing.'],
    ['en', 'Could you remove me from the alumni mailing?'],
    ['nb', 'Fjern meg fra listen over mottakere av julehilsenen.'],
  ])('reads an objection, and no erasure, in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });

  it('keeps an erasure asked for beside it', () => {
    expect(typesIn('Fjern meg fra kampanjelistene og slett profilen min.')).toEqual(['objection', 'erasure']);
  });

  it('leaves a plain erasure an erasure', () => {
    expect(typesIn('Delete me from your systems.')).toEqual(['erasure']);
  });

  it('reads an erasure from a register beside the mailings in another clause', () => {
    expect(typesIn('Ta bort mig ur ert kundregister, inte bara från utskicken.')).toEqual(['erasure']);
    expect(typesIn('Remove me from your customer database, not just from the mailings.')).toEqual([
      'erasure',
    ]);
  });

  it('reads no erasure in thanks for being taken off a list', () => {
    expect(typesIn('Thanks for removing me from the list.')).toEqual([]);
  });
});

describe('struck off a list of people: a register, not a mailing', () => {
  it.each([
    ['sv', 'Stryk mig från deltagarlistan till frukostseminariet.'],
    ['sv', 'Ta bort mig ur kontaktlistan ni delar med kunderna.'],
    ['nb', 'Slett meg fra kandidatlisten, jeg har fått jobb.'],
    ['nb', 'Fjern meg fra gjestelisten til sommerfesten.'],
    ['en', 'Please take me off the participant list for the hackathon.'],
    ['en', 'Remove my details from the attendee list.'],
    ['sv', 'Ta bort mig från väntelistan till er AI-kurs.'],
    ['sv', 'Kan ni ta bort mitt namn från listan över talare på er webb?'],
    ['nb', 'Slett meg fra alumnilista.'],
    ['en', 'Please delete me from the waiting list.'],
    ['en', 'Remove my name from the list of speakers on your website.'],
    ['nb', 'Dere har meg på deltakerlista til workshopen. Ta meg vekk fra lista.'],
    ['nb', 'Jeg har sluttet, ta meg ut av ansattlisten før den sendes til kunden.'],
    ['sv', 'Plocka bort mig från lunchlistan på intranätet, jag jobbar inte kvar.'],
    ['sv', 'Stryk mig från listan på webben, jag vill inte synas där.'],
    ['en', 'Take me off the list on your website.'],
    ['sv', 'Stryk mig ur ert register över referenspersoner.'],
  ])('reads an erasure, and no objection, in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['erasure']);
  });

  it('still reads leaving a mailing list as an objection', () => {
    expect(typesIn('Ta bort mig från sändlistan för kundträffarna.')).toEqual(['objection']);
    expect(typesIn('Remove me from the candidate newsletter.')).toEqual(['objection']);
    expect(typesIn('Ta meg vekk fra nyhetsbrevlista.')).toEqual(['objection']);
    expect(typesIn('Stryk mig ur alla era marknadsföringsregister.')).toEqual(['objection']);
  });

  it('tells a mailing left where we took the writer off it', () => {
    const found = findRequestTypes(foldText('Ni har tagit bort mig från nyhetsbrevet, tack.'));
    expect(found.types).toEqual([]);
    expect(found.told).toContain('objection');
  });

  it('reads both when a mailing is left and a register of people struck', () => {
    expect(typesIn('Slutt å sende alumnibrev og slett meg fra alumnilista.')).toEqual([
      'objection',
      'erasure',
    ]);
  });

  it('reads no erasure asked in thanks for a name struck off', () => {
    expect(typesIn('Tack för att ni strök mig från deltagarlistan.')).not.toContain('erasure');
  });
});

describe('mailings refused in Swedish and Norwegian', () => {
  it.each([
    ['sv', 'Sluta maila mig om era webbinarier.'],
    ['sv', 'Jag vill att ni slutar ringa mig på jobbet.'],
    ['sv', 'Jag vill inte ha fler erbjudanden från er.'],
    ['sv', 'Skicka ingen mer reklam hem till mig.'],
    ['sv', 'Jag vill inte vara med i er kundpanel längre.'],
    ['nb', 'Slutt med reklamen, takk.'],
    ['nb', 'Jeg vil at dere slutter å ringe meg.'],
    ['nb', 'Jeg vil ikke være med i spørreundersøkelsene lenger.'],
  ])('reads an objection in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });

  it('reads no objection in a wish to be called', () => {
    expect(typesIn('Ring mig gärna på fredag.')).toEqual([]);
  });
});

describe('mailings said to go on, or threatened to be left', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['en', "Erase my CV from the recruitment system. Please don't unsubscribe me from the newsletter."],
    ['en', 'Delete my old profile, I am happy to keep receiving the event invitations.'],
    ['sv', 'Radera mitt gamla konto, men avregistrera mig inte från nyhetsbrevet.'],
    ['sv', 'Ta bort mitt CV. Jag vill fortfarande få era inbjudningar.'],
    ['nb', 'Slett søknaden min, men ikke meld meg av nyhetsbrevet.'],
    ['nb', 'Slett CV-en min. Fortsett gjerne å sende meg invitasjoner.'],
  ])('reads the erasure and no objection in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual(['erasure']);
    expect(found.declined).toEqual(['objection']);
  });

  it.each([
    ['en', 'Keep the newsletter coming, but please stop sending me the event invites.'],
    ['sv', 'Nyhetsbrevet vill jag fortfarande ha, men sluta skicka sms till mig.'],
    ['nb', 'Jeg vil fortsatt ha nyhetsbrevet, men meld meg av SMS-varslene.'],
  ])('still reads the mailing to stop beside the one kept, in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });

  it.each([
    ['en', 'If you keep sending these reminders I will unsubscribe.', []],
    ['sv', 'Om ni fortsätter mejla mig varje dag kommer jag att avregistrera mig.', []],
    ['nb', 'Hvis dere fortsetter å ringe ber jeg om sletting, men nå: slutt å ringe meg.', ['objection']],
  ])('asks nothing yet in a threat, only in what follows it, in %s: %s', (_language, text, types) => {
    const found = findings(text);
    expect(found.types).toEqual(types);
    expect(found.declined).toEqual(['objection']);
  });

  it.each([
    ["I can't stop these mails, please unsubscribe me."],
    ['Stop sending me newsletters and do not add me again.'],
  ])('is no wish for more mail in a plain refusal: %s', (text) => {
    const found = findings(text);
    expect(found.types).toEqual(['objection']);
    expect(found.declined).toEqual([]);
  });
});

describe('the sentences where a wish may stand', () => {
  const sentencesIn = (text: string) => findRequestTypes(foldText(text)).clauses.length;
  it.each([
    ['Hej!\n\nKan ni radera mitt konto hos er?\n\nMvh Karin', 1],
    ['Hi,\n\nPlease send me a copy of my data.\n\nBest regards,\nTom\n\nSent from my iPhone', 1],
    ['Hei,\n\nSlett kontoen min. Send meg også en kopi.\n\nTakk på forhånd!\nOla', 2],
    ['Hej\n\nSlet venligst min profil.\n\nMed venlig hilsen\nMikkel', 1],
    ['Hej\n\nSlet venligst min profil.\n\nDe bedste hilsner\nMikkel', 1],
    ['Hallo,\n\nbitte löschen Sie mein Konto.\n\nMit freundlichen Grüßen\nJonas', 1],
  ])('leave out greetings and sign-offs: %j', (text, count) => {
    expect(sentencesIn(text)).toBe(count);
  });

  it('count a sentence that opens like a sign-off but asks for something', () => {
    expect(sentencesIn('Thanks, and please also delete the old CV you kept from 2019.')).toBe(1);
  });
});

describe('access asked as "what you hold about me"', () => {
  it.each([
    ['en', 'Send me what you hold on me.', ['access']],
    ['en', "Could I get everything you've saved about me?", ['access']],
    ['en', 'I want to see everything you have about me before you delete it.', ['access', 'erasure']],
    ['sv', 'Skicka mig det ni har om mig.', ['access']],
    ['sv', 'Visa mig vad ni har registrerat om mig.', ['access']],
    ['nb', 'Send meg det dere har lagret.', ['access']],
    ['nb', 'Jeg vil se alt dere har om meg før dere sletter det.', ['access', 'erasure']],
  ])('in %s: %s', (_language, text, types) => {
    expect(typesIn(text)).toEqual(types);
  });

  it.each(["I don't want to see anything about me on your site.", 'Let me know what you decided about me.'])(
    'is not read into: %s',
    (text) => {
      expect(typesIn(text)).not.toContain('access');
    },
  );
});

describe('erasure asked as the wish that nothing be kept', () => {
  it.each([
    ['en', "I'd rather you didn't keep anything about me any more."],
    ['en', "I really don't want you holding onto my CV any longer."],
    ['sv', 'Jag vill inte att ni har något kvar om mig.'],
    ['nb', 'Jeg vil ikke at dere skal ha noe som helst om meg liggende.'],
    ['nb', 'Jeg ville helst at dere ikke lenger hadde noe lagret om meg.'],
  ])('in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['erasure']);
  });

  it.each(["I don't want you to have to wait for my documents.", "I don't have my customer number."])(
    'is not read into: %s',
    (text) => {
      expect(typesIn(text)).not.toContain('erasure');
    },
  );
});

describe('erasure declined in other words', () => {
  it.each([
    'Ingen radering, jag vill ha kvar kontot.',
    'Radering är inte aktuellt för mig.',
    'Sletting er ikke nødvendig.',
    "I'm not asking you to delete my account, we still do business together.",
    'Jeg ba ikke om at kontoen skulle slettes.',
    "I don't want the portal account deleted, I still use it.",
    'unsubscribe pls, no delete',
  ])('finds no erasure in: %s', (text) => {
    expect(typesIn(text)).not.toContain('erasure');
    expect(findRequestTypes(foldText(text)).declined).toContain('erasure');
  });

  it("still finds one beside a wish that ends with the clause ('don't want it, so delete it')", () => {
    expect(typesIn("I don't need it and I don't want it so delete it.")).toEqual(['erasure']);
  });
});

describe('an erasure put off to a later mail', () => {
  it.each([
    'Jag kanske vill radera hela kontot senare, men inte nu.',
    'Om jeg vil ha kontoen slettet, sier jeg fra senere.',
    'I may ask you to delete it later, but not now.',
    'Jag kommer att be er radera allt när mitt kontrakt tar slut i december.',
    'Når kontrakten min går ut i juni, kommer jeg til å be dere slette alt.',
    'When I leave Kvarts in June I will want everything about me deleted.',
  ])('asks for no erasure now: %s', (text) => {
    expect(typesIn(text)).not.toContain('erasure');
  });

  it.each([
    'Please delete all my data and confirm later.',
    'I am writing to ask you to delete my data before Friday.',
    'Radera allt om mig. Jag kanske skriver igen senare.',
  ])('still asks for one: %s', (text) => {
    expect(typesIn(text)).toEqual(['erasure']);
  });
});

describe('taken off with nothing named, in a mail that names a mailing', () => {
  it.each([
    ['nb', 'Noen har meldt meg på nyhetsbrevet deres. Fjern meg, er dere snill.'],
    ['sv', 'Hej, ni har lagt till mig i en nyhetslista. Det ville jag inte. Ta bort mig.'],
    ['sv', 'Jag vill inte stå med i ert utskick. Ta bort mig därifrån.'],
    ['en', "I don't want your webinar invites. Please remove me."],
  ])('reads an objection, and no erasure, in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });

  it('reads the mailing named in the subject of the same mail', () => {
    const body = foldText('Ta bort mig.');
    expect(findRequestTypes(body, foldText(`Sv: Kvarts nyhetsbrev mars\n${body}`)).types).toEqual([
      'objection',
    ]);
  });

  it.each([
    'Ta bort mig.',
    'Jag får ert nyhetsbrev. Ta bort mig helt ur era system.',
    'Jag står i alumniregistret och får nyhetsbrevet. Ta bort mig därifrån.',
  ])('leaves an erasure where no mailing is named, something else is, or a register is: %s', (text) => {
    expect(typesIn(text)).toContain('erasure');
  });
});

describe('"the list" in a mail that names a list of people', () => {
  it.each([
    'Nu såg jag att deltagarlistan med mitt namn ligger öppen i eventappen. Kan ni plocka bort mig från den listan?',
    "I'm on the participant list for the cloud day on your website. Take me off that list please.",
    'Jeg var på ventelisten til kurset, men har takket nei. Fjern meg fra listen.',
  ])('reads an erasure, and no objection: %s', (text) => {
    expect(typesIn(text)).toEqual(['erasure']);
  });

  it('leaves "the list" a mailing list in a mail that names none', () => {
    expect(typesIn('Ta bort mig från listan, tack.')).toEqual(['objection']);
  });
});

describe('a wrong address told, a correction thanked for', () => {
  it.each([
    'Skickade det här till fel adress, det skulle till lönen. Ursäkta.',
    'Feil adresse, beklager!',
    'I sent this to the wrong address, please ignore it.',
    'Takk for at dere rettet adressen.',
    'Tack för hjälpen med att rätta mitt namn.',
    "You've updated my title now, thanks.",
  ])('asks for no correction: %s', (text) => {
    expect(typesIn(text)).toEqual([]);
  });

  it.each([
    'Ni skickar min lönespec till fel adress. Rätta den.',
    'Jeg ber dere rette det.',
    'Could you correct my surname?',
  ])('still asks for one: %s', (text) => {
    expect(typesIn(text)).toEqual(['rectification']);
  });
});

describe('a mailing already left', () => {
  it.each([
    'Jag avregistrerade mig själv via länken igår.',
    'Tack för bekräftelsen att jag är avregistrerad.',
    'Avmeldingslenken fungerte fint, takk.',
    'Avprenumerationen gick igenom och inga fler utskick har kommit sedan dess.',
    'Avmeldingen fungerte, ingen flere e-poster siden.',
    'I unsubscribed last week, no more newsletters since then, thanks.',
    'Du är nu avregistrerad, inga fler nyhetsbrev!',
  ])('asks for no objection: %s', (text) => {
    expect(typesIn(text)).toEqual([]);
  });

  it.each([
    'Jag avregistrerade mig för flera månader sen men mejlen fortsätter komma.',
    'Jag vill bli avregistrerad.',
    'Avregistreringslänken fungerar inte, avregistrera mig manuellt.',
    'Avregistrera mig, inga fler nyhetsbrev!',
    'Jag avregistrerade mig i maj men utskicken kommer fortfarande, inga fler nyhetsbrev tack.',
  ])('still reads one asked for, or left in vain: %s', (text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });
});

describe('an old detail taken out for a new one', () => {
  it.each([
    'Ta bort min gamla adress och lägg in Storgatan 5 i stället.',
    'Slett det gamle nummeret mitt og bruk 912 34 567 i stedet.',
    'Please remove my old email address and use this one instead.',
  ])('asks for no erasure: %s', (text) => {
    expect(typesIn(text)).not.toContain('erasure');
  });

  it.each(['Radera min gamla profil, jag har skapat en ny.', 'Delete my old account and all my data.'])(
    'still asks for one where nothing takes its place: %s',
    (text) => {
      expect(typesIn(text)).toContain('erasure');
    },
  );
});

describe('no more invitations', () => {
  it.each([
    ['en', 'No more webinar invites, please.'],
    ['sv', 'Inga fler inbjudningar till era frukostmöten, tack.'],
    ['nb', 'Jeg ønsker ikke flere invitasjoner til julebordet.'],
  ])('is an objection in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });
});

describe('an erasure not demanded', () => {
  it.each([
    'Jag kräver inte att bilden tas bort, men fråga först nästa gång.',
    'Jeg krever ikke at bildet slettes, men spør meg neste gang.',
  ])('asks for none: %s', (text) => {
    expect(typesIn(text)).toEqual([]);
  });
});

describe('leaving a mailing declined or put off', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['sv', 'Jag har valt att inte avregistrera mig från nyhetsbrevet trots allt.'],
    ['nb', 'Jeg har bestemt meg for å ikke melde meg av nyhetsbrevet likevel.'],
    ['sv', 'Jag kommer att avregistrera mig från inbjudningarna efter konferensen.'],
    ['nb', 'Jeg tenker å melde meg av nyhetsbrevet når kurset er ferdig.'],
    ['en', 'I will unsubscribe from the newsletter once the conference is over.'],
  ])('asks for no objection now, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.declined).toEqual(['objection']);
  });

  it.each([
    'Avregistrera mig från nyhetsbrevet efter det här utskicket.',
    'Jag vill avregistrera mig från nyhetsbrevet nu, efter tio år.',
    'Please unsubscribe me once the event is over.',
  ])('still reads one asked for: %s', (text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });
});

describe('a right asked for before, the writer unnamed', () => {
  it.each([
    'Har redan bett er sluta skicka nyhetsbrevet, och det har ni gjort.',
    'Hadde allerede bedt om innsyn i fjor og fått det.',
  ])('asks for nothing new: %s', (text) => {
    expect(typesIn(text)).toEqual([]);
  });

  it('still reads what is asked after it', () => {
    expect(typesIn('Har redan bett er en gång, radera mitt konto nu.')).toEqual(['erasure']);
  });
});

describe('the everyday "ta meg av" and "stopp"', () => {
  it.each([
    ['nb', 'Ta meg av e-postlista deres.'],
    ['sv', 'Ta mig ur utskicken, tack.'],
    ['nb', 'Stopp markedsføring til meg på SMS.'],
    ['sv', 'Stoppa era sms-utskick till mig.'],
  ])('reads an objection in %s: %s', (_language, text) => {
    expect(typesIn(text)).toEqual(['objection']);
  });

  it.each([
    'Ikke ta meg av invitasjonslisten, jeg kommer på neste seminar!',
    'Stoppa alla utskick av mitt CV till kunder.',
  ])('reads none in: %s', (text) => {
    expect(typesIn(text)).not.toContain('objection');
  });
});

describe('a right supposed or thought about, in a question', () => {
  it.each([
    'Om jag begär ett registerutdrag, vad kostar det?',
    'If I ask you to delete my CV, can I apply again later?',
    'Behöver jag skicka legitimation för att få ut mina uppgifter?',
    'Kostar det något att få en kopia av sina uppgifter?',
    'Kan en förälder begära ut uppgifter om sitt barn hos er?',
    'Is there a form for asking for deletion?',
    'Jag funderar på att begära ett registerutdrag.',
    "I'm thinking about asking you to delete my profile.",
    'Suppose I asked you to delete my account, would my invoices go too?',
    'Tänk om jag vill ha en kopia av allt, hur lång tid tar det?',
    'Skal vurdere om jeg vil at dere sletter profilen min.',
    "I'll consider asking for a copy of my file next year.",
  ])('asks for no right: %s', (text) => {
    expect(typesIn(text)).toEqual([]);
  });

  it.each([
    ['Går det att radera mitt konto nu direkt?', 'erasure'],
    ['Kan jag få en kopia av mina uppgifter?', 'access'],
    ['Can someone correct my surname before payroll runs?', 'rectification'],
    ['Is there any way you could delete the recording of my interview?', 'erasure'],
  ])('still asks in a question put as a wish: %s', (text, type) => {
    expect(typesIn(text)).toEqual([type]);
  });
});

describe('a right named but only told of', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['en', 'You deleted my old account last year.', 'erasure'],
    ['en', 'I have deleted the mail on my side.', 'erasure'],
    ['nb', 'Takk for at dere rettet adressen min.', 'rectification'],
    ['en', 'I received the copy of my data yesterday, thanks.', 'access'],
    ['sv', 'Jag avregistrerade mig själv via länken förra veckan.', 'objection'],
    ['en', 'I asked you to delete my CV last year and you did.', 'erasure'],
    ['sv', 'Jag funderar på att begära ett registerutdrag.', 'access'],
  ])('tells the right apart from one asked for, in %s: %s', (_language, text, right) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toEqual([right]);
  });

  it.each([
    ['sv', 'Det står fel postnummer på mig, men jag har redan ändrat det själv i portalen.'],
    ['nb', 'Det er feil i timelisten for uke 12, men lederen min har allerede rettet det.'],
    ['sv', 'Tack, nu står allt rätt i lönesystemet.'],
    ['en', "I changed my own address in the portal, it's correct now."],
    ['sv', 'Snyggt jobbat med rättelsen av mitt personnummer, nu stämmer skatteavdraget äntligen.'],
    ['nb', 'Endelig står stillingstittelen min riktig på nettsiden. Tusen takk!'],
    ['en', 'Fine, my employment dates are correct in the certificate now.'],
    ['en', 'thx for fixing my surname on the badge list'],
    ['sv', 'Jag har kontrollerat uppgifterna ni har om mig och de är korrekta.'],
    ['en', 'Hello, hereby I confirm that the email address in your records is correct.'],
  ])('tells a detail put right already, in %s: %s', (_language, text) => {
    expect(findings(text).told).toEqual(['rectification']);
  });

  it.each([
    'Jeg får ikke endret det selv, kan dere rette det?',
    'Mitt efternamn är fel stavat i kundregistret.',
    'Can you confirm that my address is correct in your records?',
  ])('tells nothing put right where it is not: %s', (text) => {
    expect(findings(text).told).toEqual([]);
  });

  it('asks for a correction where the detail is said not to be right now', () => {
    const found = findings('Nu stämmer det inte alls, rätta adressen.');
    expect(found.types).toEqual(['rectification']);
    expect(found.told).toEqual([]);
  });

  it('leaves a right told and then asked again a right asked for, told as well', () => {
    const found = findings('Jag bad er radera kontot förra veckan. Det finns kvar. Radera det nu.');
    expect(found.types).toEqual(['erasure']);
    expect(found.told).toEqual(['erasure']);
  });

  it('keeps an erasure declined a declined one, not one told of', () => {
    const found = findings('Radera inget, jag vill bara veta vad ni har.');
    expect(found.declined).toEqual(['erasure']);
    expect(found.told).toEqual([]);
  });
});

describe('a copy, a consent withdrawn or a request made before, told', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['sv', 'Fick JSON-filen med min tidrapportering, den gick fint att importera. Tack!', 'portability'],
    ['nb', 'Jeg fikk eksporten av profilen min som json i forrige uke, takk.', 'portability'],
    [
      'sv',
      'Jag har tidigare återkallat samtycket till att ni visar mitt foto, och det är fixat.',
      'withdraw_consent',
    ],
    [
      'sv',
      'Som ni vet bad jag i mars om att få ut alla uppgifter ni har om mig, och det fick jag.',
      'access',
    ],
  ])('asks for none of it, in %s: %s', (_language, text, right) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toEqual([right]);
  });

  it.each([
    ['Jag återkallar mitt samtycke till nyhetsbrevet.', ['withdraw_consent']],
    ['I have withdrawn my consent to the photos.', ['withdraw_consent']],
    ["I haven't received the copy of my data, please send it.", ['access']],
    ['Når jeg har fått profilen som csv, kan dere slette kontoen.', ['portability', 'erasure']],
  ])('still reads what is asked: %s', (text, types) => {
    expect(findings(text).types).toEqual(types);
  });
});

describe('the Swedish erasure in the present tense, and an erasure put off', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    'Jag vill att ni tar bort mitt CV ur kandidatbanken.',
    'Hej, jag vill att ni plockar bort mig ur frilansregistret helt.',
    'Plocka bort mig från jourlistan, jag har slutat.',
    'Kan ni rensa bort mina uppgifter från er kunddatabas?',
  ])('asks for an erasure: %s', (text) => {
    expect(findings(text).types).toEqual(['erasure']);
  });

  it.each([
    'Tar ni bort mina uppgifter automatiskt om jag avslutar mitt konto?',
    'Hur tar jag bort mitt konto i kandidatportalen?',
    'Om jag tar bort mitt konto nu, kan jag skapa ett nytt senare?',
  ])('asks for none where it asks or supposes: %s', (text) => {
    expect(findings(text).types).toEqual([]);
  });

  it.each([
    'När mitt uppdrag tar slut i augusti kommer jag att vilja att ni tar bort allt om mig. Jag hör av mig då, inte nu.',
    'Om ett år när jag går i pension vill jag att ni rensar bort mig ur alumniregistret. Det är inte aktuellt än.',
    'Efter provanställningen vill jag troligen att ni tar bort mina testresultat, men det får vi se då.',
    'Når jeg slutter i juni, vil jeg ha alt om meg slettet. Men det tar vi da.',
    'Hvis profilen min fortsatt ligger hos dere om et år, vil jeg nok be om å få den slettet.',
    'Jag är inte ute efter att ni tar bort mig helt, bara att titeln rättas.',
  ])('declines an erasure put off or not sought: %s', (text) => {
    const found = findings(text);
    expect(found.types).not.toContain('erasure');
    expect(found.declined).toContain('erasure');
  });

  it.each([
    ['När jag har slutat vill jag att ni raderar allt om mig. Tack på förhand.', ['erasure']],
    ['Radera mitt konto. Nyhetsbrevet kan vänta, det tar jag senare.', ['erasure']],
  ])('keeps an erasure asked now, or one not put off after: %s', (text, types) => {
    expect(findings(text).types).toEqual(types);
  });

  it('reads no erasure in an old detail taken out for a new one put in', () => {
    expect(findings('Kan ni rensa bort mina gamla kontaktuppgifter och lägga in de nya?').types).toEqual([]);
  });
});

describe('a mailing left by an address, or by all its lists', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    'Please remove anna.k@example.org from your mailing list.',
    'Delete this email address from your mailouts.',
    'Slett adressen min fra utsendelseslisten, takk.',
    'Jag har hamnat på tre olika mejllistor hos er. Plocka bort mig från allihop.',
    'Jag vill inte ha fler nyhetsbrev, så plocka bort mig manuellt.',
  ])('is an objection, not an erasure: %s', (text) => {
    expect(findings(text).types).toEqual(['objection']);
  });

  it('still erases an address from a register of people', () => {
    expect(findings('Remove my email address from the participant list.').types).toEqual(['erasure']);
  });
});

describe('a right carried out, told in words no request uses', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['sv', 'Tack för att ni plockade bort mitt namn från kontaktlistan på intranätet.', 'erasure'],
    ['nb', 'Jeg fjernet meg selv fra deltakerlisten i appen.', 'erasure'],
    ['en', "You've updated my title on the website, thanks.", 'rectification'],
  ])('is told, in %s: %s', (_language, text, right) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toEqual([right]);
  });
});

describe('a mailing left, told as taken off by us or as stopped', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['en', 'Thank you for taking me off the list.'],
    ['en', 'Thanks, the newsletters have stopped.'],
    ['sv', 'Jag har avanmält mig från sms-listan själv i appen.'],
    ['sv', 'Nu får jag inte era nyhetsbrev längre, och det var precis vad jag ville.'],
    ['nb', 'Takk for at dere tok meg av lista, det gikk raskt.'],
    ['nb', 'Ser at nyhetsbrevene har sluttet å komme. Perfekt.'],
  ])('asks for no objection, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toContain('objection');
  });

  it.each([
    ['Jag vill inte få era nyhetsbrev längre.', ['objection']],
    ['The newsletters keep coming. Stop sending them.', ['objection']],
    ['Sluta skicka mejl till mig.', ['objection']],
  ])('still reads a mailing to stop: %s', (text, types) => {
    expect(findings(text).types).toEqual(types);
  });
});

describe('a list of people named by whom it lists, and a detail replaced', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    'Jag står med i listan över "rekommenderade konsulter" som ni delar med kunder. Ta bort mig från den listan.',
    "On the intranet I'm still on the list of first aid staff. Remove me from the list pls.",
  ])('is an erasure, not an objection: %s', (text) => {
    expect(findings(text).types).toEqual(['erasure']);
  });

  it.each([
    'Ta bort «Java» som hovedkompetanse og sett inn «Python».',
    'Radera det gamla efternamnet Holm överallt och ersätt med Falk.',
    'Slett det gamle nummeret og bruk 934 12 876.',
    'My profile says PMP; please delete that line and enter "PRINCE2 Practitioner".',
  ])('reads no erasure in a detail taken out for another: %s', (text) => {
    expect(findings(text).types).not.toContain('erasure');
  });

  it.each([
    'Radera mitt konto och skriv till mig när det är gjort.',
    'Radera det gamla cv:t som skickades, och använd inte mitt nya cv för något.',
  ])('still erases where nothing is put in: %s', (text) => {
    expect(findings(text).types).toContain('erasure');
  });
});

describe('a copy declined, and an erasure told in the passive or without its writer', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['en', 'Delete me from your contact list. DONT SEND ME A COPY, I DONT WANT TO SEE IT', ['erasure']],
    [
      'en',
      'Please delete all personal data you keep about me. You do not have to send me an overview.',
      ['erasure'],
    ],
    ['sv', 'Radera mitt gamla CV. Jag vill inte se en kopia, jag vet vad som står i det.', ['erasure']],
    ['nb', 'Jeg vil bare ha vekk profilen min. Ikke send meg kopi av noe.', []],
  ])('declines the copy, in %s: %s', (_language, text, types) => {
    const found = findings(text);
    expect(found.types).toEqual(types);
    expect(found.declined).toContain('access');
  });

  it.each([
    "I haven't received the copy of my data, please send it.",
    'Skicka mig en kopia av det ni har om mig, men radera inget.',
  ])('declines no copy that is asked for: %s', (text) => {
    const found = findings(text);
    expect(found.types).toContain('access');
    expect(found.declined).not.toContain('access');
  });

  it.each([
    [
      'en',
      'Hi, my account on your portal was deleted at my request in 2023. Can you send me a copy of what is left?',
    ],
    ['en', 'I was told my data had been erased, but please send me everything you still store about me.'],
    ['nb', 'Innsyn, takk. Har allerede slettet kontoen min på portalen selv.'],
  ])('asks for no erasure where one is told, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).not.toContain('erasure');
    expect(found.told).toContain('erasure');
  });

  it.each([
    ["Hi, I'd appreciate it if the voice recording of my phone interview was deleted.", ['erasure']],
    ["I'd have expected my CV to have been deleted by now. Please get it done.", ['erasure']],
    ['SKICKA MIN DATA. EJ RADERA.', []],
  ])('reads a wish, or an erasure refused, as such: %s', (text, types) => {
    expect(findings(text).types).toEqual(types);
  });
});

describe('words that only look like a right, and rights asked about, thanked for or heard of', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['nb', 'Under webinaret delte foredragsholderen skjermen og viste deltakerlisten.'],
    ['nb', 'Svaret på innsynsbegjæringen var to linjer. Tynt, rett og slett.'],
    ['en', "Please export my time reports as CSV, I'm setting up as a freelancer."],
    ['sv', 'Tack för hjälpen! /Oskar'],
  ])('reads no erasure in a word of its own, in %s: %s', (_language, text) => {
    expect(findings(text).types).not.toContain('erasure');
  });

  it.each([
    'Hi, please delte my account.',
    'Show me what you have on me, then delte the lot.',
    "I don't want you to delte anything, only stop using it.",
  ])('still reads "delte" before English as a slip of "delete": %s', (text) => {
    const found = findings(text);
    expect([...found.types, ...found.declined]).toContain('erasure');
  });

  it.each([
    ['sv', 'Skulle en radering av mitt kundkonto också ta bort mina gamla fakturor?'],
    ['nb', 'Vil sletting av kontoen også fjerne fakturaene mine?'],
    ['en', 'Would deleting my account also remove me from the newsletter?'],
    ['sv', 'Raderar jag kontot på egen hand, går det då att registrera ett nytt med samma e-post?'],
    ['nb', 'Hvis jeg trekker samtykket, må dere da fjerne bildene som allerede er publisert?'],
  ])('asks about an erasure and for none, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.infoQuestions).toBe(1);
  });

  it.each(['Would you delete my account?', 'Skulle ni kunna radera mitt konto?'])(
    'still reads a polite ask as one: %s',
    (text) => {
      expect(findings(text).types).toEqual(['erasure']);
    },
  );

  it.each([
    ['en', 'Thank you for deleting my profile so quickly!'],
    ['en', 'Cheers for deleting the photos from the Christmas party album.'],
    ['nb', 'Kollegaen min sier at dere sletter alle kandidater etter to år uansett. Stemmer det?'],
  ])('tells an erasure thanked for or heard of, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toContain('erasure');
  });

  it('tells no erasure in thanks for a mailing left', () => {
    const found = findings('Thank you for removing me from the newsletter.');
    expect(found.told).toEqual(['objection']);
  });

  it('still asks for an erasure thanked for in part', () => {
    expect(findings('Thanks for deleting my CV. Please delete the rest too.').types).toEqual(['erasure']);
  });

  it('puts off an erasure announced for later in the same sentence', () => {
    const found = findings(
      'Min anställning tar slut 30 juni. Då, inte nu, kommer jag att begära att ni raderar mina uppgifter.',
    );
    expect(found.types).toEqual([]);
    expect(found.declined).toEqual(['erasure']);
  });

  it.each([
    ['sv', 'Ta bort mig från det veckobrevet.', ['objection']],
    ['nb', 'Vær snill å fjerne navnet mitt fra medlemslista.', ['erasure']],
    ['en', 'Please take me off the bench list.', ['erasure']],
    ['nb', 'Ta meg ut av kullisten.', ['erasure']],
  ])('reads what a list is, in %s: %s', (_language, text, types) => {
    expect(findings(text).types).toEqual(types);
  });

  it.each([
    ['nb', 'Jeg har allerede trykket på avmeld, så det er ordnet.'],
    ['sv', 'Jag har redan ringt och fått honom avregistrerad från utskicken.'],
    ['sv', 'Jag hade tänkt avsluta nyhetsbrevet, men artikeln om AI fick mig att stanna kvar!'],
  ])('tells a mailing left or given up leaving, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toContain('objection');
  });

  it('still asks to leave a mailing where clicking did not work', () => {
    const found = findings(
      'Jag har redan klickat på avregistrera-länken men det gick inte. Avsluta manuellt är ni snälla.',
    );
    expect(found.types).toEqual(['objection']);
  });

  it.each([
    ['nb', 'Jeg vil ikke slutte med nyhetsbrev.', []],
    ['sv', 'Radera mina uppgifter från er nyhetsbrevsplattform helt, inte bara avregistrera.', ['erasure']],
  ])(
    'reads no objection in a mailing kept, or leaving it said not to be all, in %s: %s',
    (_language, text, types) => {
      const found = findings(text);
      expect(found.types).toEqual(types);
      expect(found.declined).toContain('objection');
    },
  );
});

describe('a copy had or not asked for, and a right announced for later', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['en', 'You already sent me a copy of my data last year.'],
    ['en', 'I already have a copy of my data from your access reply last year.'],
    ['nb', 'Har allerede fått innsyn i det dere har om meg, så det trenger jeg ikke.'],
    ['nb', 'Jeg har allerede fått se hva dere lagret om meg.'],
  ])('tells a copy had, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toContain('access');
  });

  it.each([
    'Until you have sent me a copy of my data, do not use it for anything.',
    'Jeg vil se hva dere har registrert om meg, og inntil jeg har fått innsyn skal dere ikke bruke profilen.',
  ])('still asks for a copy awaited: %s', (text) => {
    expect(findings(text).types).toContain('access');
  });

  it.each([
    ['en', 'I request erasure of all my personal data. I am not making an access request.', ['erasure']],
    ['nb', 'Send meg prosjekthistorikken som csv. Trenger ikke vanlig innsyn i tillegg.', ['portability']],
    ['sv', 'Mitt personnummer är fel, rätta det. Jag behöver inget utdrag.', ['rectification']],
    ['nb', 'Jeg har ikke bedt om noe innsyn.', []],
  ])('declines a copy not asked for, in %s: %s', (_language, text, types) => {
    const found = findings(text);
    expect(found.types).toEqual(types);
    expect(found.declined).toContain('access');
  });

  it.each([
    [
      'nb',
      'Jeg kommer til å be om en kopi av alt dere har om meg etter at lønnsforhandlingene er ferdige.',
      'access',
    ],
    ['nb', 'Kanskje ber jeg om innsyn i hva dere har om meg senere.', 'access'],
    ['sv', 'I ett senare skede kommer vi att begära ut samtliga personuppgifter som rör honom.', 'access'],
    [
      'en',
      "I'll ask you to remove me from the customer contacts later, once the handover is done — not now.",
      'erasure',
    ],
  ] as const)('tells a right announced for later, in %s: %s', (_language, text, type) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toContain(type);
  });

  it.each(['I will request a copy of my data now.', 'Jag kommer att begära ett registerutdrag.'])(
    'still asks for a right announced with no time to come: %s',
    (text) => {
      expect(findings(text).types).toEqual(['access']);
    },
  );

  it.each([
    'Jeg har ingen ønsker om at dere sletter råmaterialet.',
    'Om opptaket skal slettes, vil jeg ta stilling til senere.',
  ])('declines an erasure not wished for or left to decide: %s', (text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.declined).toEqual(['erasure']);
  });
});

describe('a mailing left, thanked for or asked about', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    'Much obliged for removing me from the seminar list.',
    'Thanks, the unsubscribe worked, no more mails.',
  ])('tells a mailing left: %s', (text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toEqual(['objection']);
  });

  it('asks about an objection and for none', () => {
    const found = findings('Would an objection to marketing also stop the newsletter?');
    expect(found.types).toEqual([]);
    expect(found.infoQuestions).toBe(1);
  });
});

describe('a wrong detail let be, a name off a mailing, and erasures confirmed, left to us or done by the writer', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['sv', 'Ni har fel födelsedatum på mig i portalen, men jag ids inte bråka om det.'],
    ['sv', 'Ni stavar mitt namn fel i alla mejl men jag har vant mig haha'],
    ['sv', 'Ni har skrivit fel födelsedatum på mig i någon gammal lista, såg jag. Skit samma.'],
    ['nb', 'Navnet mitt er stavet feil i innkallingen, men det er helt uproblematisk.'],
    ['en', "I see that my phone number is wrong in your system, but don't bother."],
  ])('tells a correction let be, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toEqual(['rectification']);
  });

  it.each([
    'Strunt samma, uppdatera mitt mobilnummer till 070-987 65 43.',
    'Uppdatera min adress till Storgatan 3, det spelar ingen roll när.',
    "Don't bother fixing it for the mailings. Fix my name in the customer account though.",
  ])('still asks for a correction asked after or beside the waiver: %s', (text) => {
    expect(findings(text).types).toContain('rectification');
  });

  it.each([
    ['en', 'Kindly delete my name from your invite lists for the seminars.'],
    ['nb', 'Slett e-posten min fra lista til nyhetsbrevet.'],
    ['en', 'I want to stop getting the newsletter, please delete me from it.'],
    ['en', 'Please remove me from that monthly update.'],
  ])('takes a name, an address or the writer off a mailing, in %s: %s', (_language, text) => {
    expect(findings(text).types).toEqual(['objection']);
  });

  it.each([
    'Please remove my name from the finalists list on the website.',
    'Please remove my name from the committee list on the conference page.',
  ])('strikes a name off a published list of people: %s', (text) => {
    expect(findings(text).types).toEqual(['erasure']);
  });

  it.each([
    ['nb', 'Sletting bekreftet, takker!', 'told'],
    ['en', 'Re: Deletion confirmed', 'told'],
    ['nb', 'Kontoen slettet jeg selv i fjor.', 'told'],
    ['en', "I didn't ask you to delete my candidate profile.", 'declined'],
    ['nb', 'Om dere sletter utkastet eller ikke, er opp til dere.', 'declined'],
  ] as const)(
    'asks no erasure confirmed, done, not asked or left to us, in %s: %s',
    (_language, text, finding) => {
      const found = findings(text);
      expect(found.types).toEqual([]);
      expect(found[finding]).toContain('erasure');
    },
  );

  it.each([
    'Kan jag själv ta bort mitt konto i appen eller måste jag kontakta er?',
    'Can I choose which data you delete?',
  ])('reads a question about doing a right oneself or choosing: %s', (text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.infoQuestions).toBe(1);
  });

  it.each([
    "I've asked you twice to send me a copy, and nothing came.",
    'Jag skulle egentligen be er radera allt, men jag behåller kontot.',
  ])('tells a right asked before or given up: %s', (text) => {
    expect(findings(text).types).toEqual([]);
  });
});

describe('a right thanked for, kept or not wanted in that form, and a correction whose new detail comes first', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    ['nb', 'Takk for at dere satte profilen min på pause mens saken pågikk.'],
    ['en', 'Thank you for stopping the use of my profile while we sort this out.'],
    ['nb', 'Takk for at dere sendte over fila med timeføringene mine i CSV.'],
  ])('asks for nothing thanked for, in %s: %s', (_language, text) => {
    expect(findings(text).types).toEqual([]);
  });

  it('still asks where the thanks come in advance', () => {
    expect(findings('Tack på förhand för att ni skickar mina uppgifter som CSV.').types).toEqual([
      'portability',
    ]);
  });

  it.each([
    ['sv', 'Jag kommer nog att begära ett registerutdrag när mitt uppdrag är slut.', 'access'],
    [
      'sv',
      'Jag kommer att återkalla mitt samtycke till talangpoolen när min nya anställning börjar.',
      'withdraw_consent',
    ],
    ['nb', 'Jeg kommer kanskje til å be om innsyn i alt dere har på meg senere.', 'access'],
  ] as const)('tells a right announced for later, in %s: %s', (_language, text, type) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toContain(type);
  });

  it.each([
    'Kan jeg senere be om at de slettes?',
    'Kan jeg forresten be om sletting etterpå?',
    'Kan jag be er rätta min titel senare, när min nya roll är bekräftad?',
  ])('reads asking for a right later as a question: %s', (text) => {
    expect(findings(text).types).toEqual([]);
  });

  it.each([
    'Jeg vil derfor ikke at kontoen hans slettes ennå.',
    'Jeg har ikke bestemt meg for om jeg vil ha profilen slettet helt ennå.',
  ])('declines an erasure not wanted yet: %s', (text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.declined).toEqual(['erasure']);
  });

  it.each([
    ['sv', 'Jag har slutat, ta bort mig från telefonlistan.', ['erasure']],
    ['sv', 'Ta bort mig från telefonlistan för era säljare.', ['objection']],
  ] as const)(
    'strikes the writer off an internal phone list, not off a call list, in %s: %s',
    (_language, text, types) => {
      expect(findings(text).types).toEqual(types);
    },
  );

  it.each([
    'My address should be Bygdøy allé 9, 0257 Oslo - please delete the old one.',
    'Please remove my old address and put the new one: Kirkeveien 12, 0368 Oslo.',
    'Bytt det ut med det nye jeg har lastet opp i Teams – det gamle kan slettes.',
  ])('reads an old detail out for a new one as no erasure: %s', (text) => {
    expect(findings(text).types).not.toContain('erasure');
  });

  it('still asks for both where the old is replaced and then deleted', () => {
    const text = 'Erstatt bildet med det nye vedlagte, og slett det gamle.';
    expect(findings(text).types).toContain('erasure');
  });

  it.each([
    [
      "I'm not withdrawing any consent or anything, I just want to see the data. Send me a copy of my data.",
      ['access'],
    ],
    [
      "Please correct my title and hold the case study until then. I don't withdraw my consent.",
      ['rectification'],
    ],
    ['Jeg ber ikke om noe i maskinlesbart format, send meg en kopi av det dere har om meg.', ['access']],
    ["I don't need it as a CSV or anything, just send me a copy of my data.", ['access']],
    ['Skicka mig en kopia av det ni har om mig. Jag behöver ingen fil i CSV eller liknande.', ['access']],
  ] as const)('keeps a consent and declines a file format beside a copy: %s', (text, types) => {
    expect(findings(text).types).toEqual(types);
  });

  it.each([
    'Rätta mig om jag har fel, men gäller inte GDPR även för uppgifter om mig som konsult?',
    "Correct me if I'm wrong, but I think you got my details from LinkedIn. Send me a copy of them.",
  ])('reads "correct me if I am wrong" as no correction: %s', (text) => {
    expect(findings(text).types).not.toContain('rectification');
  });
});

describe('a right written about before, a consent there is none of, and an erasure by our people', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    'Jeg skrev i januar om at dere skulle slutte å ringe meg. I dag ringte dere igjen.',
    'Förra veckan skrev jag att jag ville bli raderad. Nu vet jag inte längre.',
    'Jag har aldrig gett samtycke till något, så det finns inget att återkalla.',
    'Your recruiter deleted my application by mistake and now I have missed the deadline.',
    "I thought I'd been deleted years ago.",
  ])('asks for no right only told of: %s', (text) => {
    expect(findings(text).types).toEqual([]);
  });

  it.each([
    ['Jeg skrev feil e-postadresse i søknaden. Riktig er maria.tvedt@example.no.', 'rectification'],
    ["I'd like the voice messages I left for your recruiter deleted.", 'erasure'],
  ] as const)('still asks where the writer slipped or wishes: %s', (text, type) => {
    expect(findings(text).types).toEqual([type]);
  });
});

describe('an erasure left for later, on a condition or to our need', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    'Om det finns sånt ni inte borde ha kvar kanske jag ber er radera det, men vi tar det sen.',
    'Om vi sedan vill att det raderas återkommer vi.',
    'Om jag inte får uppdraget hos Volvo vill jag att ni tar bort mitt CV.',
    'Om ni behöver radera något frågar ni mig först.',
    'Jag avgör sen om jag vill att något tas bort.',
    'Jag kanske vill att ni raderar hela min profil sen, men just nu räcker det att telefonen tystnar.',
  ])('asks for no erasure now: %s', (text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.declined).toEqual(['erasure']);
  });

  it.each([
    'Hvis jeg skulle trenge en kopi av noe kommer jeg tilbake til det, men nå vil jeg bare at kontoen min slettes.',
    'När jag har fått kopian vill jag att ni raderar allt.',
    'Radera mitt konto och sen skicka en bekräftelse.',
  ])('still asks for an erasure asked now or after a copy: %s', (text) => {
    expect(findings(text).types).toContain('erasure');
  });
});

describe('"tas bort", the Swedish passive of taking away', () => {
  it.each([
    ['Den ska inte tas bort.', 'declined'],
    ['Jag vet inte än om jag vill att den tas bort.', 'declined'],
  ] as const)('declines or puts off an erasure in the passive: %s', (text, finding) => {
    const found = findRequestTypes(foldText(text));
    expect(found.types).toEqual([]);
    expect(found[finding]).toEqual(['erasure']);
  });

  it('still asks for an erasure in the passive', () => {
    expect(typesIn('Jag vill att mitt konto tas bort.')).toEqual(['erasure']);
  });
});

describe('a yes taken back, a consent given, an erasure neither wanted nor asked, and an old detail replaced', () => {
  const findings = (text: string) => findRequestTypes(foldText(text));

  it.each([
    'Jag tar tillbaka mitt ja till att ni visar mitt namn på kundcaset.',
    'Kan ni ta bort mitt ja till marknadsföringscookies?',
    'Jag sa ja till era sms i våras, men det ja:et tar jag tillbaka.',
    'Mitt ja till att ni sparar mitt cv gäller inte längre.',
    'Jag samtycker inte längre till att ni använder min bild.',
    'Jeg samtykker ikke lenger til at dere bruker bildet mitt.',
    'Nej, det samtycker jag inte längre till.',
  ])('withdraws a consent given as a yes, and erases nothing: %s', (text) => {
    expect(findings(text).types).toEqual(['withdraw_consent']);
  });

  it('reads taking back a yes supposed as a question', () => {
    expect(
      findings('Om jag tar tillbaka mitt ja till talangpoolen, ligger mitt cv kvar ändå?').types,
    ).toEqual([]);
  });

  it.each([
    ['sv', 'Jag ger mitt samtycke till att ni ringer mina referenser.'],
    ['nb', 'Jeg samtykker til at dere sjekker vitnemålet mitt.'],
    ['en', 'I consent to you contacting my former manager.'],
  ])('tells a consent given now, in %s: %s', (_language, text) => {
    const found = findings(text);
    expect(found.types).toEqual([]);
    expect(found.told).toEqual(['withdraw_consent']);
  });

  it('still withdraws the consent named beside one given', () => {
    const text = 'I consent to the ID check, but samtykket til nyhetsbrevet trekker jeg tilbake.';
    expect(findings(text).types).toEqual(['withdraw_consent']);
  });

  it.each([
    'Jag vill varken radera eller ändra något i min profil, bara tacka.',
    'Jeg vil hverken slette eller endre noe, bare si takk.',
    'I want neither deleted nor changed, just a copy. Send me my data.',
  ])('declines an erasure neither wanted: %s', (text) => {
    const found = findings(text);
    expect(found.types).not.toContain('erasure');
    expect(found.declined).toContain('erasure');
  });

  it('tells a right asked for before in writing ("skrev jag och bad")', () => {
    const found = findings('I maj skrev jag och bad er sluta skicka inbjudningar.');
    expect(found.types).toEqual([]);
    expect(found.told).toEqual(['objection']);
  });

  it.each([
    'Ni har satt upp mig på listan över "utvalda partner" på webben. Ta bort mig från listan.',
    'Hei, ta meg ut av påmeldte-lista til julebordet.',
  ])('strikes the writer off a list of partners or of those signed up, an erasure: %s', (text) => {
    expect(findings(text).types).toEqual(['erasure']);
  });

  it.each([
    'Ta bort "Java" ur min kompetensprofil och skriv Kotlin.',
    'Fjern den gamle tittelen og skriv inn teamleder.',
  ])('tells the taking out of an old detail replaced, and asks no erasure: %s', (text) => {
    const found = findings(text);
    expect(found.types).not.toContain('erasure');
    expect(found.told).toContain('erasure');
  });
});
