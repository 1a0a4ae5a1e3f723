package io.contactkit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

/**
 * docs/DESIGN.md's public API conventions: a null that the published API can hand out is marked with
 * JSpecify's {@code @Nullable}. Checked on the compiled code, not by reading it: within each method the
 * bytecode is followed from where a value comes from to where it goes (through local variables,
 * branches and casts), and a value counts as possibly null when it is the {@code null} literal, a
 * field marked {@code @Nullable}, or what a contactkit method marked {@code @Nullable} returned.
 * <ul>
 *   <li>A public or protected method of a public class of a published package (every
 *   {@code io.contactkit} package but {@code ..internal..}) that can return such a value has a
 *   {@code @Nullable} return type.</li>
 *   <li>A record of a published package that is constructed anywhere in the main code with such a
 *   value for a component marks that component {@code @Nullable}.</li>
 * </ul>
 * A value the method tests for null counts as handled. Nulls that travel through fields or parameters
 * of unmarked types, or come back from other libraries, are not followed: the check finds the nulls the
 * code writes down, not every null there can be.
 */
@AnalyzeClasses(packages = "io.contactkit", importOptions = ImportOption.DoNotIncludeTests.class)
public class NullableRulesTest {

    /** A published package: part of the API, not an implementation detail. */
    static final DescribedPredicate<JavaClass> PUBLISHED = DescribedPredicate.describe("in a published package",
            c -> c.getPackageName().startsWith("io.contactkit.") && !c.getPackageName().contains(".internal"));

    @ArchTest
    static final ArchRule RETURNED_NULLS_ARE_MARKED = classes()
            .that(PUBLISHED)
            .should(returnNullOnlyWhereMarked())
            .because("a caller of the published API learns from the signature alone whether it can get null (JSpecify's @Nullable)");

    @ArchTest
    static final ArchRule NULL_RECORD_COMPONENTS_ARE_MARKED = classes()
            .that().resideInAPackage("io.contactkit..")
            .should(passNullOnlyToMarkedComponentsOfPublishedRecords())
            .because("a published record's component that is null anywhere is marked @Nullable, on its accessor too");

    static ArchCondition<JavaClass> returnNullOnlyWhereMarked() {
        return new ArchCondition<>("return null only from methods whose return type is @Nullable") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                Class<?> type = javaClass.reflect();
                if (!visibleOutside(type)) {
                    return;
                }
                for (MethodNode m : bytecode(javaClass).methods) {
                    if (!returnsReference(m) || (m.access & (Opcodes.ACC_SYNTHETIC | Opcodes.ACC_BRIDGE)) != 0
                            || !((m.access & Opcodes.ACC_PUBLIC) != 0 || (m.access & Opcodes.ACC_PROTECTED) != 0 && !Modifier.isFinal(type.getModifiers()))) {
                        continue;
                    }
                    Frame<SourceValue>[] frames = analyze(javaClass, m);
                    Set<AbstractInsnNode> tested = tested(m, frames);
                    for (int i = 0; i < m.instructions.size(); i++) {
                        AbstractInsnNode insn = m.instructions.get(i);
                        if (insn.getOpcode() != Opcodes.ARETURN || frames[i] == null) {
                            continue;
                        }
                        String why = whyNull(top(frames[i], 0), tested);
                        if (why != null && !marked(declared(type, m.name, m.desc).getAnnotatedReturnType())) {
                            events.add(SimpleConditionEvent.violated(javaClass, type.getName() + "." + m.name
                                    + " returns " + why + " but its return type is not @Nullable" + at(insn)));
                            break;
                        }
                    }
                }
            }
        };
    }

    static ArchCondition<JavaClass> passNullOnlyToMarkedComponentsOfPublishedRecords() {
        return new ArchCondition<>("construct published records with null only for @Nullable components") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (MethodNode m : bytecode(javaClass).methods) {
                    Frame<SourceValue>[] frames = null;
                    Set<AbstractInsnNode> tested = Set.of();
                    for (int i = 0; i < m.instructions.size(); i++) {
                        if (!(m.instructions.get(i) instanceof MethodInsnNode call) || call.getOpcode() != Opcodes.INVOKESPECIAL
                                || !call.name.equals("<init>") || !call.owner.startsWith("io/contactkit/")) {
                            continue;
                        }
                        Class<?> record = load(call.owner, javaClass.reflect());
                        if (record == null || !record.isRecord() || record.getPackageName().contains(".internal") || !visibleOutside(record)
                                || !call.desc.equals(canonicalDescriptor(record))) {
                            continue;
                        }
                        if (frames == null) {
                            frames = analyze(javaClass, m);
                            tested = tested(m, frames);
                        }
                        if (frames[i] == null) {
                            continue;
                        }
                        RecordComponent[] components = record.getRecordComponents();
                        for (int c = 0; c < components.length; c++) {
                            String why = whyNull(top(frames[i], components.length - 1 - c), tested);
                            if (why != null && !marked(components[c].getAnnotatedType())) {
                                events.add(SimpleConditionEvent.violated(javaClass, javaClass.getName() + "." + m.name + " passes " + why
                                        + " as " + record.getName() + "." + components[c].getName() + ", which is not @Nullable"
                                        + at(call)));
                            }
                        }
                    }
                }
            }
        };
    }

    /** Whether code outside the module can see the class: it and every class around it are public. */
    static boolean visibleOutside(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (!Modifier.isPublic(c.getModifiers())) {
                return false;
            }
        }
        return !type.isAnonymousClass() && !type.isSynthetic();
    }

    static boolean returnsReference(MethodNode m) {
        int sort = Type.getReturnType(m.desc).getSort();
        return sort == Type.OBJECT || sort == Type.ARRAY;
    }

    static boolean marked(AnnotatedType type) {
        return type.isAnnotationPresent(Nullable.class);
    }

    /** The value {@code below} places under the top of a frame's operand stack. */
    static SourceValue top(Frame<SourceValue> frame, int below) {
        return frame.getStack(frame.getStackSize() - 1 - below);
    }

    /**
     * Where the values come from that the method tests for null ({@code == null}, {@code != null},
     * {@code instanceof}, {@code Objects.requireNonNull}). A value from one of them counts as handled
     * wherever it goes: the check errs on the side of silence, as it does not follow which branch a
     * value takes.
     */
    static Set<AbstractInsnNode> tested(MethodNode m, Frame<SourceValue>[] frames) {
        Set<AbstractInsnNode> tested = new HashSet<>();
        for (int i = 0; i < m.instructions.size(); i++) {
            AbstractInsnNode insn = m.instructions.get(i);
            if (frames[i] == null) {
                continue;
            }
            switch (insn.getOpcode()) {
                case Opcodes.IFNULL, Opcodes.IFNONNULL, Opcodes.INSTANCEOF -> tested.addAll(top(frames[i], 0).insns);
                case Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE -> {
                    SourceValue a = top(frames[i], 0);
                    SourceValue b = top(frames[i], 1);
                    if (isNullLiteral(a)) {
                        tested.addAll(b.insns);
                    } else if (isNullLiteral(b)) {
                        tested.addAll(a.insns);
                    }
                }
                case Opcodes.INVOKESTATIC -> {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    if (call.owner.equals("java/util/Objects") && call.name.startsWith("requireNonNull")) {
                        tested.addAll(top(frames[i], Type.getArgumentTypes(call.desc).length - 1).insns);
                    }
                }
                default -> {
                }
            }
        }
        return tested;
    }

    static boolean isNullLiteral(SourceValue value) {
        return !value.insns.isEmpty() && value.insns.stream().allMatch(i -> i.getOpcode() == Opcodes.ACONST_NULL);
    }

    /**
     * What makes the value possibly null (the null literal, a @Nullable field or method) when it is not
     * one the method tests, or null when nothing does.
     */
    static @Nullable String whyNull(SourceValue value, Set<AbstractInsnNode> tested) {
        for (AbstractInsnNode source : value.insns) {
            if (tested.contains(source)) {
                continue;
            }
            if (source.getOpcode() == Opcodes.ACONST_NULL) {
                return "null";
            }
            if (source instanceof FieldInsnNode f && (f.getOpcode() == Opcodes.GETFIELD || f.getOpcode() == Opcodes.GETSTATIC)
                    && f.owner.startsWith("io/contactkit/")) {
                Field field = field(f.owner, f.name);
                if (field != null && marked(field.getAnnotatedType())) {
                    return "the @Nullable field " + f.name;
                }
            }
            if (source instanceof MethodInsnNode call && call.owner.startsWith("io/contactkit/") && !call.name.startsWith("<")) {
                Class<?> owner = load(call.owner, NullableRulesTest.class);
                Method target = owner == null ? null : find(owner, call.name, call.desc);
                if (target != null && marked(target.getAnnotatedReturnType())) {
                    return "what the @Nullable " + owner.getSimpleName() + "." + call.name + " returns";
                }
            }
        }
        return null;
    }

    /**
     * Where each value on the stack and in the local variables came from: unlike ASM's own
     * {@link SourceInterpreter}, a value stored, loaded, duplicated or cast keeps its sources.
     */
    static final class Provenance extends SourceInterpreter {
        Provenance() {
            super(Opcodes.ASM9);
        }

        @Override
        public SourceValue copyOperation(AbstractInsnNode insn, SourceValue value) {
            return value;
        }

        @Override
        public SourceValue unaryOperation(AbstractInsnNode insn, SourceValue value) {
            return insn.getOpcode() == Opcodes.CHECKCAST ? value : super.unaryOperation(insn, value);
        }
    }

    static Frame<SourceValue>[] analyze(JavaClass javaClass, MethodNode m) {
        try {
            return new Analyzer<>(new Provenance()).analyze(javaClass.getName().replace('.', '/'), m);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("cannot follow " + javaClass.getName() + "." + m.name, e);
        }
    }

    static ClassNode bytecode(JavaClass javaClass) {
        String resource = javaClass.getName().replace('.', '/') + ".class";
        try (InputStream in = javaClass.reflect().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no class file for " + javaClass.getName());
            }
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String at(AbstractInsnNode insn) {
        for (AbstractInsnNode i = insn; i != null; i = i.getPrevious()) {
            if (i instanceof org.objectweb.asm.tree.LineNumberNode line) {
                return " (line " + line.line + ")";
            }
        }
        return "";
    }

    static @Nullable Class<?> load(String internalName, Class<?> near) {
        try {
            return Class.forName(internalName.replace('/', '.'), false, near.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    static @Nullable Field field(String owner, String name) {
        for (Class<?> c = load(owner, NullableRulesTest.class); c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(name)) {
                    return f;
                }
            }
        }
        return null;
    }

    /** The method a call names: declared by the owner, a superclass or an interface. */
    static @Nullable Method find(Class<?> owner, String name, String descriptor) {
        List<Class<?>> todo = new ArrayList<>(List.of(owner));
        for (int i = 0; i < todo.size(); i++) {
            Class<?> c = todo.get(i);
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor) && !m.isBridge()) {
                    return m;
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            todo.addAll(List.of(c.getInterfaces()));
        }
        return null;
    }

    static Method declared(Class<?> type, String name, String descriptor) {
        Method m = find(type, name, descriptor);
        if (m == null) {
            throw new IllegalStateException("no method " + name + descriptor + " in " + type.getName());
        }
        return m;
    }

    static String canonicalDescriptor(Class<?> record) {
        StringBuilder d = new StringBuilder("(");
        for (RecordComponent c : record.getRecordComponents()) {
            d.append(Type.getDescriptor(c.getType()));
        }
        return d.append(")V").toString();
    }
}
