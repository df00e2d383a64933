// Sample identity document (ICAO specimen data), service contract and bank statement. All parties,
// numbers and IBANs are fictitious or published test values (DE89…, GB29 NWBK…).
import { money, row, type SampleDocument } from './sample-document';

export function sampleIdentityDocument(): SampleDocument {
  return {
    name: 'identity-document',
    filename: 'passport-L898902C3.pdf',
    documentType: 'identity-document',
    expectConsistent: true,
    info: { title: 'Passport scan L898902C3', author: 'Utopia Passport Office', creationDate: new Date('2024-06-01T10:00:00Z') },
    lines: [
      'REPUBLIC OF UTOPIA',
      'PASSPORT',
      '',
      'Type: P   Issuing country: UTO',
      'Document number: L898902C3',
      'Surname: ERIKSSON',
      'Given names: ANNA MARIA',
      'Nationality: Utopian',
      'Date of birth: 12 August 1974',
      'Sex: F',
      'Place of birth: Zenith, Utopia',
      'Date of issue: 2024-06-01',
      'Date of expiry: 2034-05-31',
      'Issuing authority: Utopia Passport Office',
      'Personal number: ZE184226B',
      '',
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<',
      'L898902C36UTO7408122F3405318ZE184226B<<<<<18',
    ],
  };
}

export function sampleContract(): SampleDocument {
  const clauses = [
    ['1. Services', 'The Supplier shall provide document verification services as described in Schedule 1.'],
    ['2. Fees', 'The Client shall pay the fees set out in Schedule 2 within thirty days of each invoice.'],
    ['3. Term', 'This Agreement starts on the Effective Date and continues for twenty-four months.'],
    ['4. Confidentiality', 'Each party shall keep the other party\'s confidential information secret.'],
    ['5. Data protection', 'The Supplier processes personal data only on documented instructions of the Client.'],
    ['6. Liability', 'Neither party limits liability for fraud or for death or personal injury caused by negligence.'],
    ['7. Termination', 'Either party may terminate this Agreement on ninety days written notice.'],
    ['8. Notices', 'Notices shall be sent to the addresses stated above or to legal@acme-verification.example.'],
    ['9. Entire agreement', 'This Agreement is the entire agreement between the parties on its subject matter.'],
  ];
  return {
    name: 'contract',
    filename: 'service-agreement-2025.pdf',
    documentType: 'contract',
    expectConsistent: true,
    info: { title: 'Service Agreement', author: 'Acme Verification Ltd', creationDate: new Date('2025-01-20T12:00:00Z') },
    lines: [
      'SERVICE AGREEMENT',
      '',
      'This Service Agreement (the "Agreement") is made by and between the parties below.',
      'Party A: Nordwind Logistics GmbH, Hafenstrasse 12, 20457 Hamburg, Germany (the "Supplier")',
      'Party B: Acme Verification Ltd, 1 Canal Street, Manchester M1 3HE, United Kingdom (the "Client")',
      'Effective date: 1 February 2025',
      'Term: 24 months',
      '',
      'WHEREAS the Client wishes to obtain document verification services, and',
      'WHEREAS the Supplier (hereinafter the "Supplier") agrees to provide them,',
      'the parties agree as follows:',
      '',
      ...clauses.flatMap(([heading, body]) => [heading!, body!, '']),
      '\f',
      '10. Governing law',
      'This Agreement shall be governed by and construed in accordance with the laws of England and Wales.',
      '',
      'IN WITNESS WHEREOF the parties have signed this Agreement on the dates below.',
      '',
      'For and on behalf of Nordwind Logistics GmbH',
      'Signed by: Jana Novak, Managing Director',
      'Date: 2025-01-28',
      '',
      'For and on behalf of Acme Verification Ltd',
      'Signed by: Oliver Grant, Chief Operating Officer',
      'Date: 2025-01-30',
    ],
  };
}

export function sampleBankStatement(): SampleDocument {
  const opening = 12500;
  let balance = opening;
  const transactions = Array.from({ length: 40 }, (_, i) => {
    const day = String(1 + Math.floor((i * 30) / 40)).padStart(2, '0');
    const credit = i % 5 === 0;
    const amount = credit ? 2400 + i * 10 : -(35 + ((i * 53) % 400) + (i % 4) * 0.5);
    balance = Math.round((balance + amount) * 100) / 100;
    const description = credit ? `Client payment ref INV-2025-${String(10 + i).padStart(4, '0')}` : `Card payment supplier ${String(i).padStart(2, '0')}`;
    return row([`2025-03-${day}`, description, money(amount), money(balance)], [10, 40, 10]);
  });
  return {
    name: 'bank-statement',
    filename: 'statement-2025-03.pdf',
    documentType: 'bank-statement',
    expectConsistent: true,
    info: { title: 'Account statement March 2025', author: 'Northern Rock Street Bank', creationDate: new Date('2025-04-01T06:00:00Z') },
    lines: [
      'Northern Rock Street Bank plc',
      'ACCOUNT STATEMENT',
      '',
      'Account holder: Acme Verification Ltd',
      'IBAN: GB29 NWBK 6016 1331 9268 19',
      'Statement period: 1 March 2025 to 31 March 2025',
      'Currency: GBP',
      `Opening balance: GBP ${money(opening)}`,
      '',
      row(['Date', 'Description', 'Amount', 'Balance'], [10, 40, 10]),
      ...transactions.slice(0, 25),
      '\f',
      row(['Date', 'Description', 'Amount', 'Balance'], [10, 40, 10]),
      ...transactions.slice(25),
      '',
      `Closing balance: GBP ${money(balance)}`,
      'Questions? Call 0161 496 0000 or write to support@nrs-bank.example',
    ],
  };
}
