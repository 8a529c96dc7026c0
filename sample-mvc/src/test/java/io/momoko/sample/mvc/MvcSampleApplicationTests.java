package io.momoko.sample.mvc;

import io.momoko.Pool;
import io.momoko.autoconfigure.test.AutoConfigureMomokoTestDatabase;
import io.momoko.spring.MomokoTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The MVC sample end to end on an embedded PostgreSQL: success, and failures that leave both balances alone. */
@SpringBootTest
@AutoConfigureMockMvc
@AutoConfigureMomokoTestDatabase
class MvcSampleApplicationTests {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private Pool pool;

    @Autowired
    private PlatformTransactionManager transactionManager;

    private void transfer(int from, int to, int amount, int expectedStatus) throws Exception {
        mvc.perform(post("/transfers").contentType(MediaType.APPLICATION_JSON)
                .content("{\"from\":" + from + ",\"to\":" + to + ",\"amount\":" + amount + "}"))
                .andExpect(status().is(expectedStatus));
    }

    private void balances(int alice, int bob) throws Exception {
        mvc.perform(get("/accounts/1")).andExpect(content().string(Integer.toString(alice)));
        mvc.perform(get("/accounts/2")).andExpect(content().string(Integer.toString(bob)));
    }

    @Test
    void movesMoneyInOneTransactionAndTakesItAllBackOnFailure() throws Exception {
        assertThat(transactionManager).as("a servlet app gets the blocking manager")
                .isInstanceOf(MomokoTransactionManager.class);
        pool.blocking().execute("UPDATE accounts SET balance = CASE id WHEN 1 THEN 100 ELSE 0 END");
        mvc.perform(post("/transfers").contentType(MediaType.APPLICATION_JSON)
                .content("{\"from\":1,\"to\":2,\"amount\":30}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.from").value(70)).andExpect(jsonPath("$.to").value(30));
        // Too much: the debit breaks CHECK (balance >= 0), and the credit already made goes back with it.
        transfer(1, 2, 500, 422);
        // An unknown receiver: the debit is not even tried, the transaction rolls back.
        transfer(1, 99, 10, 404);
        balances(70, 30);
        assertThat(pool.stats().busy()).isZero();
    }
}
