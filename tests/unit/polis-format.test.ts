import { describe, expect, it } from "vitest";
import { formatCsv, parseCsv } from "../../app/formats/csv";
import { parsePolisExport } from "../../app/interop/polis-format";
import { isRefusal, type Refusal } from "../../app/refusal";

describe("parseCsv", () => {
  it("splits plain rows and fields, keeping empty fields", () => {
    expect(parseCsv("a,b,c\n1,,3\n,,\n")).toEqual([["a", "b", "c"], ["1", "", "3"], ["", "", ""]]);
  });

  it("reads a last line without a newline", () => {
    expect(parseCsv("a,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("reads quoted fields with doubled quotes", () => {
    expect(parseCsv('id,body\n1,"She said ""no"", twice"\n')).toEqual([["id", "body"], ["1", 'She said "no", twice']]);
  });

  it("keeps commas and line breaks inside quotes", () => {
    const text = 'id,body,n\n7,"first line\nsecond, with a comma\r\nthird",3\n8,plain,4\n';
    expect(parseCsv(text)).toEqual([
      ["id", "body", "n"],
      ["7", "first line\nsecond, with a comma\r\nthird", "3"],
      ["8", "plain", "4"],
    ]);
  });

  it("accepts CRLF and lone CR line endings", () => {
    expect(parseCsv("a,b\r\n1,2\r\n3,4\r\n")).toEqual([["a", "b"], ["1", "2"], ["3", "4"]]);
    expect(parseCsv("a,b\r1,2\r")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("drops a byte-order mark so the first header is clean", () => {
    const rows = parseCsv("\uFEFFcomment-id,comment-body\n1,hi\n");
    expect(rows[0]).toEqual(["comment-id", "comment-body"]);
    expect(rows[0]![0]!.charCodeAt(0)).toBe("c".charCodeAt(0));
  });

  it("skips blank lines", () => {
    expect(parseCsv("a\n\n1\n\r\n2\n")).toEqual([["a"], ["1"], ["2"]]);
  });

  it("an empty quoted field is an empty string", () => {
    expect(parseCsv('a,"",c\n')).toEqual([["a", "", "c"]]);
  });

  it("formatCsv quotes what needs quoting and parseCsv reads it back", () => {
    const rows = [["id", "body", "n"], ["1", 'a "quote", a comma\nand a line', 2], ["2", null, undefined]] as const;
    const text = formatCsv(rows);
    expect(text).toBe('id,body,n\n1,"a ""quote"", a comma\nand a line",2\n2,,\n');
    expect(parseCsv(text)).toEqual([["id", "body", "n"], ["1", 'a "quote", a comma\nand a line', "2"], ["2", "", ""]]);
  });
});

const COMMENTS = [
  "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body",
  '1,x,0,5,2,1,1,"Plain, with a comma"',
  "2,x,1,6,1,1,-1,Moderated out",
  '3,x,2,5,0,0,0,"Spans\ntwo lines"',
].join("\n");

/** The refusal thrown by `fn`, which must be a 400 Refusal. */
function formatError(fn: () => unknown): Refusal {
  try {
    fn();
  } catch (e) {
    expect(isRefusal(e)).toBe(true);
    expect((e as Refusal).status).toBe(400);
    return e as Refusal;
  }
  throw new Error("expected a Refusal, but parsing succeeded");
}

describe("parsePolisExport", () => {
  it("reads comments: id, author, body (with embedded newline), moderation", () => {
    const e = parsePolisExport({ comments: COMMENTS, votes: "timestamp,comment-id,voter-id,vote\n" });
    expect(e.comments).toEqual([
      { id: "0", authorId: "5", body: "Plain, with a comma", moderated: 1 },
      { id: "1", authorId: "6", body: "Moderated out", moderated: -1 },
      { id: "2", authorId: "5", body: "Spans\ntwo lines", moderated: 0 },
    ]);
    expect(e.votes).toEqual([]);
    expect(e.source).toBe("votes.csv");
  });

  it("reads votes.csv in time order (stable for equal timestamps), with Polis coding 1 / −1 / 0", () => {
    const votes = ["timestamp,datetime,comment-id,voter-id,vote", "300,x,0,10,-1", "100,x,0,10,1", "200,x,1,11,0", "200,x,2,11,1"].join("\r\n");
    const e = parsePolisExport({ comments: COMMENTS, votes });
    expect(e.votes.map((v) => [v.timestamp, v.commentId, v.voterId, v.vote])).toEqual([
      [100, "0", "10", 1],
      [200, "1", "11", 0],
      [200, "2", "11", 1],
      [300, "0", "10", -1],
    ]);
  });

  it("uses participants-votes.csv when votes.csv is absent, and reads Polis's groups", () => {
    const pv = [
      "participant,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2",
      "10,0,1,2,1,1,1,-1,",
      "11,1,0,3,1,0,0,,1",
      "12,,0,0,0,0,,,",
    ].join("\n");
    for (const votes of [null, undefined, ""]) {
      const e = parsePolisExport({ comments: COMMENTS, votes, participantsVotes: pv });
      expect(e.source).toBe("participants-votes.csv");
      expect(e.votes.map((v) => [v.voterId, v.commentId, v.vote])).toEqual([
        ["10", "0", 1],
        ["10", "1", -1],
        ["11", "0", 0],
        ["11", "2", 1],
      ]);
      expect([...e.polisGroups]).toEqual([["10", "0"], ["11", "1"]]);
    }
  });

  it("prefers votes.csv when both are present, but still reads Polis's groups", () => {
    const pv = "participant,group-id,0\n10,1,-1\n";
    const e = parsePolisExport({ comments: COMMENTS, votes: "timestamp,comment-id,voter-id,vote\n5,0,10,1\n", participantsVotes: pv });
    expect(e.source).toBe("votes.csv");
    expect(e.votes.map((v) => v.vote)).toEqual([1]);
    expect(e.polisGroups.get("10")).toBe("1");
  });

  it("ignores participants-votes.csv columns that are not comments", () => {
    const e = parsePolisExport({ comments: COMMENTS, participantsVotes: "participant,xid,group-id,99,0\n1,abc,0,1,-1\n" });
    expect(e.votes.map((v) => [v.commentId, v.vote])).toEqual([["0", -1]]);
  });

  describe("refuses malformed exports with a readable sentence (a 400 Refusal)", () => {
    it("comments.csv without a comment-body column names the column and what it found", () => {
      const err = formatError(() => parsePolisExport({ comments: "comment-id,text\n1,hello\n", votes: "comment-id,voter-id,vote\n" }));
      expect(err.message).toBe('comments.csv has no "comment-body" column (found: comment-id, text).');
    });

    it("comments.csv without a comment-id column", () => {
      const err = formatError(() => parsePolisExport({ comments: "id,comment-body\n1,hello\n", votes: "comment-id,voter-id,vote\n" }));
      expect(err.message).toContain('comments.csv has no "comment-id" column');
    });

    it("an empty comments.csv", () => {
      expect(formatError(() => parsePolisExport({ comments: "", votes: "comment-id,voter-id,vote\n" })).message).toBe("comments.csv is empty.");
    });

    it("a comment row without an id names the row", () => {
      const err = formatError(() => parsePolisExport({ comments: "comment-id,comment-body\n1,ok\n,no id\n", votes: "comment-id,voter-id,vote\n" }));
      expect(err.message).toBe("comments.csv row 3 has no comment-id.");
    });

    it("votes.csv without a vote column", () => {
      const err = formatError(() => parsePolisExport({ comments: COMMENTS, votes: "timestamp,comment-id,voter-id\n1,0,5\n" }));
      expect(err.message).toBe('votes.csv has no "vote" column (found: timestamp, comment-id, voter-id).');
    });

    it("a vote that is not 1, -1 or 0 names the file, row and value", () => {
      for (const bad of ["2", "yes", "-2", "0.5"]) {
        const err = formatError(() => parsePolisExport({ comments: COMMENTS, votes: `timestamp,comment-id,voter-id,vote\n1,0,5,1\n2,1,5,${bad}\n` }));
        expect(err.message).toBe(`votes.csv row 3: vote "${bad}" is not 1, -1 or 0.`);
      }
    });

    it("an empty or missing vote value is refused, not counted as a pass", () => {
      for (const row of ["2,1,5,", "2,1,5"]) {
        const err = formatError(() => parsePolisExport({ comments: COMMENTS, votes: `timestamp,comment-id,voter-id,vote\n1,0,5,1\n${row}\n` }));
        expect(err.message).toBe('votes.csv row 3: vote "" is not 1, -1 or 0.');
      }
    });

    it("a timestamp that is not a number names the file, row and value", () => {
      for (const bad of ["yesterday", "NaN", "Infinity", "12abc"]) {
        const err = formatError(() => parsePolisExport({ comments: COMMENTS, votes: `timestamp,comment-id,voter-id,vote\n1,0,5,1\n${bad},1,5,1\n` }));
        expect(err.message).toBe(`votes.csv row 3: timestamp "${bad}" is not a number.`);
      }
    });

    it("a timestamp outside the range of dates names the file and row (it used to crash the import)", () => {
      for (const bad of ["1e300", "8640000000000001", "-1"]) {
        const err = formatError(() => parsePolisExport({ comments: COMMENTS, votes: `timestamp,comment-id,voter-id,vote\n1,0,5,1\n2,1,5,1\n${bad},1,6,0\n` }));
        expect(err.message).toBe(`votes.csv row 4: timestamp ${bad} is outside the range of dates (0 to 8640000000000000 milliseconds after 1 January 1970).`);
      }
      // the edges of the range are dates
      const e = parsePolisExport({ comments: COMMENTS, votes: "timestamp,comment-id,voter-id,vote\n0,0,5,1\n8640000000000000,1,5,1\n,1,6,1\n" });
      expect(e.votes.map((v) => v.timestamp)).toEqual([0, 0, 8.64e15]);
    });

    it("a bad cell in participants-votes.csv names the file and row", () => {
      const err = formatError(() => parsePolisExport({ comments: COMMENTS, participantsVotes: "participant,group-id,0,1\n1,0,1,-1\n2,0,1,agree\n" }));
      expect(err.message).toBe('participants-votes.csv row 3: vote "agree" is not 1, -1 or 0.');
    });

    it("a vote for a comment that is not in comments.csv", () => {
      const err = formatError(() => parsePolisExport({ comments: COMMENTS, votes: "timestamp,comment-id,voter-id,vote\n1,0,5,1\n2,99,5,1\n" }));
      expect(err.message).toBe("A vote refers to comment 99, which is not in comments.csv.");
    });

    it("participants-votes.csv without any comment column", () => {
      const err = formatError(() => parsePolisExport({ comments: COMMENTS, participantsVotes: "participant,group-id,77\n1,0,1\n" }));
      expect(err.message).toBe("participants-votes.csv has no column for any comment in comments.csv.");
    });

    it("participants-votes.csv without a participant column", () => {
      const err = formatError(() => parsePolisExport({ comments: COMMENTS, participantsVotes: "voter,group-id,0\n1,0,1\n" }));
      expect(err.message).toContain('participants-votes.csv has no "participant" column');
    });

    it("neither votes.csv nor participants-votes.csv", () => {
      for (const files of [{ comments: COMMENTS }, { comments: COMMENTS, votes: null, participantsVotes: null }, { comments: COMMENTS, votes: "", participantsVotes: "" }]) {
        const err = formatError(() => parsePolisExport(files));
        expect(err.message).toBe("The folder needs votes.csv or participants-votes.csv next to comments.csv.");
      }
    });
  });
});
