// A tiny markdown renderer for the verification report: headings, bullet lists, pipe tables,
// paragraphs, **bold** and _emphasis_. It builds elements, never HTML strings, so the report's text can never become markup.
import type { ComponentChildren } from 'preact';

function inline(text: string): ComponentChildren[] {
  return text.split(/(\*\*[^*]+\*\*|\b_[^_]+_\b)/).map((piece) => {
    if (piece.startsWith('**') && piece.endsWith('**') && piece.length > 4) return <strong>{piece.slice(2, -2)}</strong>;
    if (piece.startsWith('_') && piece.endsWith('_') && piece.length > 2) return <em>{piece.slice(1, -1)}</em>;
    return piece.replace(/`/g, '');
  });
}

const cells = (row: string) =>
  row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

function Table({ rows }: { rows: string[] }) {
  const [head, ...body] = rows.filter((row) => !/^\s*\|?\s*:?-{3,}/.test(row));
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>{cells(head).map((c) => <th scope="col">{inline(c)}</th>)}</tr>
        </thead>
        <tbody>
          {body.map((row) => (
            <tr>{cells(row).map((c) => <td>{inline(c)}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Markdown({ text }: { text: string }) {
  const blocks: ComponentChildren[] = [];
  let list: string[] = [];
  let paragraph: string[] = [];
  let table: string[] = [];
  const flush = () => {
    if (list.length) blocks.push(<ul>{list.map((item) => <li>{inline(item)}</li>)}</ul>);
    if (paragraph.length) blocks.push(<p>{inline(paragraph.join(' '))}</p>);
    if (table.length) blocks.push(<Table rows={table} />);
    list = [];
    paragraph = [];
    table = [];
  };
  for (const line of text.split('\n')) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
    if (line.trim().startsWith('|')) {
      if (!table.length) flush();
      table.push(line);
    } else if (heading) {
      flush();
      // The page's own headings are h1/h2; report headings start below them.
      const level = Math.min(6, heading[1].length + 2);
      const Tag = `h${level}` as 'h3';
      blocks.push(<Tag>{inline(heading[2])}</Tag>);
    } else if (bullet) {
      if (paragraph.length || table.length) flush();
      list.push(bullet[1]);
    } else if (line.trim() === '') flush();
    else {
      if (list.length || table.length) flush();
      paragraph.push(line.trim());
    }
  }
  flush();
  return <div class="report">{blocks}</div>;
}
