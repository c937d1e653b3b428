package io.partshift.partitioning.pruning;

import io.partshift.config.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The query text is split the way PostgreSQL would split it, so that a second statement never reaches the server. */
class PruningQueryTextTest {
    @Test
    void keepsOneSelectAndDropsTrailingSemicolonsAndComments() {
        QueryText q = QueryText.of("  SELECT * FROM events WHERE id = 1; ;  -- done\n /* really */ ");
        assertEquals("SELECT * FROM events WHERE id = 1", q.sql());
        assertEquals("SELECT", q.firstWord());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "SELECT 'a;b'",
            "SELECT 'it''s; fine'",
            "SELECT E'it\\'s; fine'",
            "SELECT \"odd;name\" FROM t",
            "SELECT $$;$$",
            "SELECT $body$ ; $x$ ; $body$",
            "SELECT 1 -- ; not a statement",
            "SELECT 1 /* ; /* nested ; */ still comment ; */",
            "SELECT a$b, x$1 FROM t",
    })
    void semicolonsInsideLiteralsIdentifiersAndCommentsDoNotSplit(String sql) {
        assertEquals(sql, QueryText.of(sql).sql());
    }

    @Test
    void acceptsTheStatementsThatRead() {
        assertEquals("WITH", QueryText.of("with x as (select 1) select * from x").firstWord());
        assertEquals("SELECT", QueryText.of("(SELECT 1) UNION (SELECT 2)").firstWord());
        assertEquals("VALUES", QueryText.of("VALUES (1)").firstWord());
        assertEquals("TABLE", QueryText.of("TABLE events").firstWord());
        assertEquals("EXECUTE", QueryText.of("EXECUTE q(1)").firstWord());
        assertEquals("SELECT", QueryText.of("/* why */ -- and\nSELECT 1").firstWord());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", ";", " ; ; ", "-- only a comment", "/* only */"})
    void refusesAnEmptyQuery(String sql) {
        BadInputException e = assertThrows(BadInputException.class, () -> QueryText.of(sql));
        assertEquals("--query is empty: give the SELECT to check, e.g. --query \"SELECT * FROM events WHERE"
                + " created_at >= '2026-03-01' AND created_at < '2026-04-01'\".", e.getMessage());
    }

    @Test
    void refusesNull() {
        assertThrows(BadInputException.class, () -> QueryText.of(null));
    }

    @Test
    void refusesTwoStatements() {
        BadInputException e = assertThrows(BadInputException.class, () -> QueryText.of("SELECT 1; SELECT 2"));
        assertEquals("--query holds 2 statements: give exactly one SELECT, without other statements before or after"
                + " it.", e.getMessage());
    }

    @Test
    void refusesAStatementSmuggledAfterACommit() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> QueryText.of("SELECT 1; COMMIT; DELETE FROM events"));
        assertEquals("--query holds 3 statements: give exactly one SELECT, without other statements before or after"
                + " it.", e.getMessage());
    }

    @Test
    void refusesAStatementThatWrites() {
        BadInputException e = assertThrows(BadInputException.class, () -> QueryText.of("delete from events"));
        assertEquals("--query is a DELETE statement: verify runs the query to measure it, so give a SELECT (or"
                + " WITH ... SELECT) that only reads.", e.getMessage());
    }

    @Test
    void namesTheStatementWithTheRightArticle() {
        BadInputException e = assertThrows(BadInputException.class, () -> QueryText.of("INSERT INTO t VALUES (1)"));
        assertEquals("--query is an INSERT statement: verify runs the query to measure it, so give a SELECT (or"
                + " WITH ... SELECT) that only reads.", e.getMessage());
    }

    @Test
    void refusesExplainWithAHint() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> QueryText.of("EXPLAIN ANALYZE SELECT 1"));
        assertEquals("--query starts with EXPLAIN: give the bare SELECT, verify adds EXPLAIN (ANALYZE, BUFFERS)"
                + " itself.", e.getMessage());
    }

    @Test
    void refusesParameterPlaceholdersNothingWouldBind() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> QueryText.of("SELECT * FROM events WHERE created_at >= $1 AND note <> '$2'"));
        assertEquals("--query uses the parameter $1, which has no value here: write the value into the query"
                + " instead, e.g. created_at >= '2026-03-01'.", e.getMessage());
        assertEquals("EXECUTE", QueryText.of("EXECUTE q('$1', $$ $2 $$)").firstWord());
    }

    @Test
    void refusesTextThatIsNoStatement() {
        BadInputException e = assertThrows(BadInputException.class, () -> QueryText.of("42"));
        assertEquals("--query is not a SELECT: verify runs the query to measure it, so give a SELECT (or"
                + " WITH ... SELECT) that only reads.", e.getMessage());
    }
}
