package dev.otto.autodiff.nn;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Something with trainable parameters, listed in a fixed order with unique names. */
public interface Module {

    /** The parameters, in a fixed order. */
    List<Parameter> parameters();

    /** The parameters by name, in the same order. */
    default Map<String, Parameter> namedParameters() {
        Map<String, Parameter> map = new LinkedHashMap<>();
        for (Parameter p : parameters()) {
            if (map.put(p.name(), p) != null) {
                throw new IllegalStateException("duplicate parameter name " + p.name());
            }
        }
        return map;
    }

    /** Total number of scalar parameters. */
    default int parameterCount() {
        int n = 0;
        for (Parameter p : parameters()) {
            n += p.value().size();
        }
        return n;
    }

    /** Copies every parameter value from a module of the same architecture (warm start). */
    default void copyParametersFrom(Module other) {
        List<Parameter> mine = parameters();
        List<Parameter> theirs = other.parameters();
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException("other: has " + theirs.size() + " parameters, expected " + mine.size());
        }
        for (int i = 0; i < mine.size(); i++) {
            mine.get(i).set(theirs.get(i).value());
        }
    }
}
