package dev.otto.autodiff.nn;

import dev.otto.autodiff.Tensor;

/**
 * A named, trainable tensor. Tensors are immutable, so a parameter is the one mutable holder:
 * optimisers replace its value with a new tensor after each step, and a tape recorded earlier keeps
 * seeing the value it used.
 */
public final class Parameter {
    private final String name;
    private Tensor value;

    public Parameter(String name, Tensor value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name: a parameter needs a non-empty name");
        }
        this.name = name;
        this.value = value.detach();
    }

    public String name() {
        return name;
    }

    /** The current value (a leaf: gradients can be taken in it). */
    public Tensor value() {
        return value;
    }

    /** Replaces the value; the shape must not change. */
    public void set(Tensor newValue) {
        if (!newValue.sameShape(value)) {
            throw new IllegalArgumentException("value: parameter '" + name + "' has shape " + value.shape()
                    + ", got " + newValue.shape());
        }
        this.value = newValue.detach();
    }

    @Override
    public String toString() {
        return "Parameter " + name + " " + value.shape();
    }
}
