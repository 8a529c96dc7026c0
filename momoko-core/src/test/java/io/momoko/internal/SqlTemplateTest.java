package io.momoko.internal;

import io.momoko.internal.sql.SqlTemplate;

import io.momoko.ProgrammingException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTemplateTest {

    private static String bound(String sql, Object... params) {
        return Binder.bind(SqlTemplate.parse(sql), List.of(params), null, false).sql();
    }

    @Test
    void numbersPositionalPlaceholders() {
        assertThat(bound("SELECT %s, %s", "a", "b")).isEqualTo("SELECT $1, $2");
        assertThat(SqlTemplate.parse("SELECT %s, %s").style()).isEqualTo(SqlTemplate.Style.POSITIONAL);
    }

    @Test
    void reusesOneParameterForARepeatedName() {
        SqlTemplate template = SqlTemplate.parse("SELECT %(a)s, %(b)s, %(a)s");
        assertThat(template.style()).isEqualTo(SqlTemplate.Style.NAMED);
        assertThat(template.names()).containsExactly("a", "b");
        assertThat(Binder.bind(template, null, Map.of("a", "x", "b", "y"), false).sql()).isEqualTo("SELECT $1, $2, $1");
    }

    @Test
    void leavesNumberedPlaceholdersAndPercentSignsAlone() {
        SqlTemplate template = SqlTemplate.parse("SELECT $1 % 2, '%s', $2");
        assertThat(template.style()).isEqualTo(SqlTemplate.Style.NUMBERED);
        assertThat(template.parameterCount()).isEqualTo(2);
        assertThat(bound("SELECT $1 % 2, '%s', $2", "a", "b")).isEqualTo("SELECT $1 % 2, '%s', $2");
    }

    @Test
    void ignoresPlaceholderLookalikesInsideLiteralsAndComments() {
        assertThat(bound("SELECT '$1', \"$2\", $$ $3 $$, $tag$ $4 $tag$, E'\\' $5', $1 -- $6\n /* $7 /* $8 */ */", "v"))
                .isEqualTo("SELECT '$1', \"$2\", $$ $3 $$, $tag$ $4 $tag$, E'\\' $5', $1 -- $6\n /* $7 /* $8 */ */");
        assertThat(bound("SELECT a$1 FROM t WHERE x = %s", "v")).isEqualTo("SELECT a$1 FROM t WHERE x = $1");
    }

    @Test
    void reducesDoublePercentEverywhereWhenBound() {
        assertThat(bound("SELECT '100%%' LIKE %s, 7 %% 3", "x")).isEqualTo("SELECT '100%' LIKE $1, 7 % 3");
    }

    @Test
    void namesThePositionOfAMalformedPlaceholder() {
        assertThatThrownBy(() -> bound("SELECT %(foos;"))
                .isInstanceOfSatisfying(ProgrammingException.class, e -> assertThat(e.position()).isEqualTo(7))
                .hasMessageContaining("index 7");
        assertThatThrownBy(() -> bound("SELECT %d", 1)).hasMessageContaining("'%d' at index 7");
        assertThatThrownBy(() -> bound("SELECT 5 %", 1)).hasMessageContaining("lone '%'");
        assertThatThrownBy(() -> bound("SELECT %(a)x", 1)).hasMessageContaining("expected 's' after ')'");
    }

    @Test
    void refusesPlaceholdersItCannotBind() {
        assertThatThrownBy(() -> bound("SELECT '%s'", 1)).hasMessageContaining("inside a quoted string");
        assertThatThrownBy(() -> bound("SELECT %s, $1", 1, 2)).hasMessageContaining("mixes %-style and $n");
        assertThatThrownBy(() -> SqlTemplate.parse("SELECT %s, %(a)s").requireValid())
                .hasMessageContaining("mixes named and positional");
        assertThatThrownBy(() -> bound("SELECT $0")).hasMessageContaining("$0");
        assertThatThrownBy(() -> bound("SELECT $2", 1)).hasMessageContaining("up to $2 but 1");
        assertThatThrownBy(() -> bound("SELECT 1", 1)).hasMessageContaining("no placeholders but 1");
    }

    @Test
    void castsEveryTypedParameterButLeavesStringsToTheServer() {
        assertThat(bound("SELECT %s, %s, %s", new java.math.BigDecimal("1.5"), java.time.LocalTime.NOON, 1))
                .isEqualTo("SELECT $1::numeric, $2::time, $3::int4");
        assertThat(bound("SELECT %s, %s, %s", java.util.List.of(1L), java.util.Arrays.asList((Object) null), "s"))
                .isEqualTo("SELECT $1::int8[], $2::text, $3");
    }

    @Test
    void dollarQuotedBodiesFollowTheRuleOfQuotedStrings() {
        assertThat(bound("SELECT $$100%%$$, '100%%', %s", "a")).isEqualTo("SELECT $$100%$$, '100%', $1");
        assertThat(bound("SELECT $fn$ 50%% $1 $fn$, %s", "a")).isEqualTo("SELECT $fn$ 50% $1 $fn$, $1");
        assertThatThrownBy(() -> bound("SELECT $$%s$$, %s", 1, 2)).hasMessageContaining("dollar-quoted body");
    }
}
