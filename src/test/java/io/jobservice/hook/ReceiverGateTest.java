package io.jobservice.hook;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-receiver circuit breaker of hook deliveries: who may take how many consumers, and for how long not. */
class ReceiverGateTest {

    private static final long NOW = 1_000_000;
    private final ReceiverGate gate = new ReceiverGate(3, 2, 1000, 8000, 100);

    @Test
    void should_key_receivers_by_scheme_host_and_port() {
        assertThat(ReceiverGate.receiverOf("http://core:8080/service/notifications/jobs/1")).isEqualTo("http://core:8080");
        assertThat(ReceiverGate.receiverOf("https://core/x")).isEqualTo("https://core:443");
        assertThat(ReceiverGate.receiverOf("http://core/x")).isEqualTo("http://core:80");
    }

    @Test
    void should_let_a_receiver_that_answers_take_up_to_its_share_outside_the_unproven_budget() {
        answer("http://a:1");

        List<ReceiverGate.Admission> admissions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            admissions.add(gate.tryEnter("http://a:1", NOW));
        }

        assertThat(admissions.subList(0, 3)).allSatisfy(a -> assertThat(a).isInstanceOf(ReceiverGate.Ticket.class)
                .extracting(t -> ((ReceiverGate.Ticket) t).unproven()).isEqualTo(false));
        assertThat(admissions.get(3)).isInstanceOf(ReceiverGate.Refusal.class);
        assertThat(gate.tryEnter("http://new:1", NOW)).as("the unproven budget is untouched")
                .isInstanceOf(ReceiverGate.Ticket.class);
    }

    @Test
    void should_bound_all_unproven_receivers_together() {
        assertThat(gate.tryEnter("http://h1:1", NOW)).isInstanceOf(ReceiverGate.Ticket.class);
        assertThat(gate.tryEnter("http://h2:1", NOW)).isInstanceOf(ReceiverGate.Ticket.class);

        ReceiverGate.Admission third = gate.tryEnter("http://h3:1", NOW);

        assertThat(third).isInstanceOf(ReceiverGate.Refusal.class);
        assertThat(((ReceiverGate.Refusal) third).retryAtMs()).isBetween(NOW + 100, NOW + 200);
    }

    @Test
    void should_keep_the_last_unproven_slot_for_receivers_not_tried_yet() {
        timeOut("http://h1:1", NOW);
        timeOut("http://h2:1", NOW);
        assertThat(gate.tryEnter("http://h1:1", NOW + 1000)).isInstanceOf(ReceiverGate.Ticket.class);

        assertThat(gate.tryEnter("http://h2:1", NOW + 1000)).as("probes leave the last slot")
                .isInstanceOf(ReceiverGate.Refusal.class);
        assertThat(gate.tryEnter("http://new:1", NOW + 1000)).isInstanceOf(ReceiverGate.Ticket.class);
    }

    @Test
    void should_rest_a_receiver_that_timed_out_and_then_let_one_delivery_at_a_time_probe_it() {
        timeOut("http://h:1", NOW);

        ReceiverGate.Admission resting = gate.tryEnter("http://h:1", NOW + 999);
        assertThat(resting).isInstanceOf(ReceiverGate.Refusal.class);
        assertThat(((ReceiverGate.Refusal) resting).retryAtMs()).isGreaterThanOrEqualTo(NOW + 1000);

        ReceiverGate.Admission probe = gate.tryEnter("http://h:1", NOW + 1000);
        assertThat(probe).isInstanceOf(ReceiverGate.Ticket.class);
        assertThat(gate.tryEnter("http://h:1", NOW + 1000)).as("one probe at a time")
                .isInstanceOf(ReceiverGate.Refusal.class);
        gate.leave((ReceiverGate.Ticket) probe, true, NOW + 4000);
        assertThat(gate.tryEnter("http://h:1", NOW + 5999)).as("the rest doubles").isInstanceOf(ReceiverGate.Refusal.class);
        assertThat(gate.tryEnter("http://h:1", NOW + 6000)).isInstanceOf(ReceiverGate.Ticket.class);
    }

    @Test
    void should_keep_trusting_a_receiver_through_two_time_outs_and_distrust_it_on_the_third() {
        answer("http://core:1");
        timeOut("http://core:1", NOW);
        timeOut("http://core:1", NOW);
        assertThat(gate.tryEnter("http://core:1", NOW)).isInstanceOfSatisfying(ReceiverGate.Ticket.class,
                ticket -> assertThat(ticket.unproven()).isFalse());

        timeOut("http://core:1", NOW);

        assertThat(gate.tryEnter("http://core:1", NOW + 10)).isInstanceOf(ReceiverGate.Refusal.class);
    }

    @Test
    void should_trust_a_receiver_again_once_it_answers() {
        timeOut("http://h:1", NOW);
        ReceiverGate.Ticket probe = (ReceiverGate.Ticket) gate.tryEnter("http://h:1", NOW + 2000);

        gate.leave(probe, false, NOW + 2010);

        for (int i = 0; i < 3; i++) {
            assertThat(gate.tryEnter("http://h:1", NOW + 2020)).isInstanceOfSatisfying(ReceiverGate.Ticket.class,
                    ticket -> assertThat(ticket.unproven()).isFalse());
        }
    }

    private void answer(String receiver) {
        gate.leave((ReceiverGate.Ticket) gate.tryEnter(receiver, NOW), false, NOW);
    }

    private void timeOut(String receiver, long at) {
        ReceiverGate.Admission admission = gate.tryEnter(receiver, at);
        assertThat(admission).isInstanceOf(ReceiverGate.Ticket.class);
        gate.leave((ReceiverGate.Ticket) admission, true, at);
    }
}
