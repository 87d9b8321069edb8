package org.sharerengine.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

class ProblemResponsesTests {

    @Test
    void aDeadlockIsAServiceUnavailableToRetryNotAnInternalError() {
        ResponseEntity<ProblemDetail> answer = new ProblemResponses()
                .lockFailure(new DeadlockLoserDataAccessException("deadlock detected", new SQLException("deadlock detected", "40P01")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getBody().getProperties()).containsEntry("code", "busy");
        assertThat(answer.getBody().getDetail()).contains("nothing was changed");
    }
}
