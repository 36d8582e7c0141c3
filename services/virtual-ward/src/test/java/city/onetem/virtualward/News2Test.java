package city.onetem.virtualward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import city.onetem.platform.events.News2Risk;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * NEWS2 at both sides of every band edge of the Royal College of Physicians' 2017 chart, on both
 * oxygen saturation scales, and each clinical risk, including a single parameter scoring 3.
 */
class News2Test {

    /** Every parameter scoring 0: respiration 16, SpO2 97 on air, BP 120, pulse 70, alert, 37.0. */
    private static final VitalSigns CALM = new VitalSigns(16, 97, false, 120, 70, Consciousness.ALERT,
            new BigDecimal("37.0"));

    @ParameterizedTest(name = "respiration {0}/min scores {1}")
    @CsvSource({"0,3", "8,3", "9,1", "11,1", "12,0", "20,0", "21,2", "24,2", "25,3", "60,3"})
    void respirationRate(int perMinute, int score) {
        assertEquals(score, News2.respiration(perMinute));
        assertEquals(score, News2.of(with(perMinute, 97, false, 120, 70, "37.0"), SpO2Scale.SCALE_1).total());
    }

    @ParameterizedTest(name = "SpO2 scale 1: {0}% scores {1}")
    @CsvSource({"50,3", "91,3", "92,2", "93,2", "94,1", "95,1", "96,0", "100,0"})
    void oxygenSaturationScale1(int percent, int score) {
        assertEquals(score, News2.saturationScale1(percent));
        // Scale 1 scores the saturation alone: oxygen adds its own 2, not a different saturation score.
        assertEquals(score, News2.of(with(16, percent, true, 120, 70, "37.0"), SpO2Scale.SCALE_1).oxygenSaturation());
    }

    @ParameterizedTest(name = "SpO2 scale 2: {0}% on air scores {1}, on oxygen {2}")
    @CsvSource({"50,3,3", "83,3,3", "84,2,2", "85,2,2", "86,1,1", "87,1,1", "88,0,0", "92,0,0", "93,0,1", "94,0,1",
            "95,0,2", "96,0,2", "97,0,3", "100,0,3"})
    void oxygenSaturationScale2(int percent, int onAir, int onOxygen) {
        assertEquals(onAir, News2.saturationScale2(percent, false));
        assertEquals(onOxygen, News2.saturationScale2(percent, true));
        assertEquals(onOxygen, News2.of(with(16, percent, true, 120, 70, "37.0"), SpO2Scale.SCALE_2).oxygenSaturation());
    }

    @Test
    void supplementalOxygenScoresTwoAndAirNothing() {
        assertEquals(2, News2.of(with(16, 97, true, 120, 70, "37.0"), SpO2Scale.SCALE_1).airOrOxygen());
        assertEquals(0, News2.of(CALM, SpO2Scale.SCALE_1).airOrOxygen());
    }

    @ParameterizedTest(name = "systolic {0} mmHg scores {1}")
    @CsvSource({"40,3", "90,3", "91,2", "100,2", "101,1", "110,1", "111,0", "219,0", "220,3", "300,3"})
    void systolicBloodPressure(int mmHg, int score) {
        assertEquals(score, News2.systolic(mmHg));
        assertEquals(score, News2.of(with(16, 97, false, mmHg, 70, "37.0"), SpO2Scale.SCALE_1).total());
    }

    @ParameterizedTest(name = "pulse {0}/min scores {1}")
    @CsvSource({"20,3", "40,3", "41,1", "50,1", "51,0", "90,0", "91,1", "110,1", "111,2", "130,2", "131,3", "250,3"})
    void pulse(int perMinute, int score) {
        assertEquals(score, News2.pulse(perMinute));
        assertEquals(score, News2.of(with(16, 97, false, 120, perMinute, "37.0"), SpO2Scale.SCALE_1).total());
    }

    @ParameterizedTest(name = "temperature {0} C scores {1}")
    @CsvSource({"30.0,3", "35.0,3", "35.1,1", "36.0,1", "36.1,0", "38.0,0", "38.1,1", "39.0,1", "39.1,2", "42.0,2"})
    void temperature(String celsius, int score) {
        assertEquals(score, News2.temperature(new BigDecimal(celsius)));
        assertEquals(score, News2.of(with(16, 97, false, 120, 70, celsius), SpO2Scale.SCALE_1).total());
    }

    @ParameterizedTest(name = "{0} scores {1}")
    @CsvSource({"ALERT,0", "NEW_CONFUSION,3", "VOICE,3", "PAIN,3", "UNRESPONSIVE,3"})
    void consciousness(Consciousness level, int score) {
        VitalSigns signs = new VitalSigns(16, 97, false, 120, 70, level, new BigDecimal("37.0"));
        assertEquals(score, News2.of(signs, SpO2Scale.SCALE_1).consciousness());
    }

    @Test
    void eachClinicalRiskFromTheAggregateAndTheSingleParameterRule() {
        assertEquals(News2Risk.LOW, News2.of(CALM, SpO2Scale.SCALE_1).risk(), "0");
        // 4: pulse 2 (111), temperature 1 (38.1), respiration 1 (9): still low.
        News2 four = News2.of(with(9, 97, false, 120, 111, "38.1"), SpO2Scale.SCALE_1);
        assertEquals(4, four.total());
        assertEquals(News2Risk.LOW, four.risk());
        // 3: new confusion alone is low-medium, an urgent ward-based review.
        News2 confused = News2.of(new VitalSigns(16, 97, false, 120, 70, Consciousness.NEW_CONFUSION,
                new BigDecimal("37.0")), SpO2Scale.SCALE_1);
        assertEquals(3, confused.total());
        assertTrue(confused.anySingleParameterScoredThree());
        assertEquals(News2Risk.LOW_MEDIUM, confused.risk());
        // 4 made of a 3 and a 1: the single 3 still calls for the review.
        assertEquals(News2Risk.LOW_MEDIUM, News2.of(with(16, 97, false, 120, 40, "38.1"), SpO2Scale.SCALE_1)
                .risk());
        // 5 and 6 without a 3: medium.
        News2 five = News2.of(with(21, 97, false, 120, 111, "38.1"), SpO2Scale.SCALE_1);
        assertEquals(5, five.total());
        assertFalse(five.anySingleParameterScoredThree());
        assertEquals(News2Risk.MEDIUM, five.risk());
        News2 six = News2.of(with(21, 93, false, 120, 111, "37.0"), SpO2Scale.SCALE_1);
        assertEquals(6, six.total());
        assertEquals(News2Risk.MEDIUM, six.risk());
        // 5 that includes a 3: medium, the higher of the two.
        News2 fiveWithThree = News2.of(with(25, 94, false, 101, 70, "37.0"), SpO2Scale.SCALE_1);
        assertEquals(5, fiveWithThree.total());
        assertEquals(News2Risk.MEDIUM, fiveWithThree.risk());
        // 7 and over: high.
        News2 seven = News2.of(with(21, 93, true, 101, 70, "37.0"), SpO2Scale.SCALE_1);
        assertEquals(7, seven.total());
        assertEquals(News2Risk.HIGH, seven.risk());
        assertEquals(20, News2.of(new VitalSigns(5, 80, true, 80, 150, Consciousness.UNRESPONSIVE,
                new BigDecimal("34.0")), SpO2Scale.SCALE_1).total(), "the chart's worst: 3+3+2+3+3+3+3");
    }

    @Test
    void theSameReadingsScoreDifferentlyOnScale2() {
        // 90% on air: 3 on scale 1, 0 on scale 2 (within the 88-92% target of a person who retains CO2).
        VitalSigns copd = with(16, 90, false, 120, 70, "37.0");
        assertEquals(3, News2.of(copd, SpO2Scale.SCALE_1).total());
        assertEquals(0, News2.of(copd, SpO2Scale.SCALE_2).total());
        // 97% on oxygen: over-oxygenated on scale 2 (3, plus 2 for the oxygen).
        assertEquals(5, News2.of(with(16, 97, true, 120, 70, "37.0"), SpO2Scale.SCALE_2).total());
    }

    private static VitalSigns with(int respiration, int saturation, boolean oxygen, int systolic, int pulse,
            String celsius) {
        return new VitalSigns(respiration, saturation, oxygen, systolic, pulse, Consciousness.ALERT,
                new BigDecimal(celsius));
    }
}
