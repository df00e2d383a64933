import { linesPerPage, paginate, writePdf } from '../../src/documents/pdf/pdf-writer';

describe('writePdf', () => {
  const pdf = Buffer.from(writePdf({ pages: paginate(['one', '\f', 'two (with parens) and \\ backslash', '\f', 'three'], 40), info: { title: 'T' } }));
  const text = pdf.toString('latin1');

  it('writes a PDF 1.4 header, one page object per page and a trailer', () => {
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text).toContain('/Count 3');
    expect(text.match(/\/Type \/Page /g)).toHaveLength(3);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('has an xref table whose offsets point exactly at each object', () => {
    const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const [, count] = /xref\n0 (\d+)\n/.exec(text.slice(startxref))!;
    const entries = text.slice(startxref).split('\n').slice(2, 2 + Number(count));
    entries.slice(1).forEach((entry, i) => {
      expect(entry).toHaveLength(19); // 20 bytes with the newline
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
  });

  it('escapes parentheses and backslashes in strings', () => {
    expect(text).toContain('(two \\(with parens\\) and \\\\ backslash) Tj');
  });

  it('declares stream lengths that match the stream bytes', () => {
    for (const m of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
      const start = (m.index ?? 0) + m[0].length;
      expect(text.slice(start + Number(m[1]), start + Number(m[1]) + 10)).toBe('\nendstream');
    }
  });

  it('paginates by line count and by form feeds', () => {
    expect(paginate(['a', 'b', 'c'], 2).map((p) => p.lines)).toEqual([['a', 'b'], ['c']]);
    expect(linesPerPage(10)).toBeGreaterThan(40);
  });
});
