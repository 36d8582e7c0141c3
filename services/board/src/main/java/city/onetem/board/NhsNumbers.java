package city.onetem.board;

/** NHS numbers as people read them aloud and on letters: 943 476 5919. */
final class NhsNumbers {

    private NhsNumbers() {
    }

    static String spaced(String nhsNumber) {
        if (nhsNumber == null || nhsNumber.length() != 10) {
            return nhsNumber;
        }
        return nhsNumber.substring(0, 3) + " " + nhsNumber.substring(3, 6) + " " + nhsNumber.substring(6);
    }
}
